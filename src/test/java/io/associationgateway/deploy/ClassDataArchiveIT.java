package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image starts from the AppCDS archive its own {@code java} wrote while the image was built (Dockerfile.jvm): the
 * archive is there, owned by root and readable by the runtime user, and that JVM maps it. Whether the archive saves
 * start time is measured by the benchmark's {@code ready} phase, not here (no timed assertion in this suite).
 */
class ClassDataArchiveIT {

  static final String ARCHIVE = "/deployments/app-cds.jsa";

  @BeforeAll
  static void images() {
    Podman.assumeAvailable("ClassDataArchiveIT");
    Podman.buildGatewayImages();
  }

  @Test
  void eachImageMapsTheArchiveItsOwnJavaWroteAtBuildTime() {
    for (var image : List.of(Podman.GATEWAY_IMAGE, Podman.LOCAL_IMAGE)) {
      // -Xshare:on makes a JVM that cannot map the archive refuse to start; the image's own start (-Xshare:auto) would
      // quietly run without it. The training start's flags end the application once its classes are loaded.
      var mapped = Podman.podman(Duration.ofMinutes(3), "run", "--rm", "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777",
          "--cap-drop=ALL", "--security-opt=no-new-privileges",
          "--entrypoint", "java", image, "-Xshare:on", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:cds=info", "@/deployments/jvm.args",
          "-Dquarkus.appcds.generate=true", "-Dgateway.flow.code-hmac-key=appcds-check-placeholder", "-jar",
          "/deployments/quarkus-run.jar");
      assertThat(mapped.exit()).as("%s with -Xshare:on; stdout:%n%s%nstderr:%n%s", image, mapped.out(), mapped.err()).isZero();
      assertThat(mapped.out() + mapped.err()).as(image).contains("Opened archive " + ARCHIVE);

      // the image's own entrypoint, unchanged, ended the same way: a JVM that could not use the archive would log a
      // [warning][cds] line (the JVM logs warnings by default)
      var own = Podman.podman(Duration.ofMinutes(3), "run", "--rm", "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777",
          "--cap-drop=ALL", "--security-opt=no-new-privileges",
          "-e", "JAVA_TOOL_OPTIONS=-Dquarkus.appcds.generate=true -Dgateway.flow.code-hmac-key=appcds-check-placeholder", image);
      assertThat(own.exit()).as("%s: stdout:%n%s%nstderr:%n%s", image, own.out(), own.err()).isZero();
      assertThat(own.out() + own.err()).as(image).doesNotContain("[warning][cds").doesNotContain("[error][cds");
    }
  }
}
