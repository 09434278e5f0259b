package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image starts from the AOT cache its own {@code java} wrote while the image was built (Dockerfile.jvm): the cache
 * is there and that JVM maps it, both when told to insist on it and from the image's own entrypoint. Each start here is
 * a complete start that ends by itself ({@code @/deployments/aot-training.args}, the training start's placeholder
 * settings) once it has sent itself its probes, which the hardened container lets it answer. Whether the cache saves start time is measured by the benchmark's {@code ready} phase, not here (no timed
 * assertion in this suite).
 */
class AotCacheIT {

  static final String CACHE = "/deployments/app.aot";
  static final List<String> HARDENED = List.of("run", "--rm", "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777", "--cap-drop=ALL",
      "--security-opt=no-new-privileges");

  @BeforeAll
  static void images() {
    Podman.assumeAvailable("AotCacheIT");
    Podman.buildGatewayImages();
  }

  @Test
  void eachImageMapsTheCacheItsOwnJavaWroteAtBuildTime() {
    for (var image : List.of(Podman.GATEWAY_IMAGE, Podman.LOCAL_IMAGE)) {
      // -XX:AOTMode=on makes a JVM that cannot map the cache refuse to start; the image's own start (AOTMode=auto) would
      // quietly run without it
      var mapped = hardened("--entrypoint", "java", image, "-XX:AOTMode=on", "-XX:AOTCache=" + CACHE, "-Xlog:aot=info",
          "-Djava.library.path=/deployments/native", "@/deployments/jvm.args", "@/deployments/aot-training.args", "-jar",
          "/deployments/quarkus-run.jar");
      assertThat(mapped.exit()).as("%s with -XX:AOTMode=on; stdout:%n%s%nstderr:%n%s", image, mapped.out(), mapped.err()).isZero();
      assertThat(mapped.out() + mapped.err()).as(image).contains("Opened AOT cache " + CACHE)
          .contains("started with gateway.startup.exit-after-start: 60 probe requests answered");

      // the image's own entrypoint, unchanged (JDK_JAVA_OPTIONS adds the training start's settings after its arguments):
      // a JVM that could not use the cache would log a [warning][aot] line (the JVM logs warnings by default)
      var own = hardened("-e", "JDK_JAVA_OPTIONS=@/deployments/aot-training.args", image);
      assertThat(own.exit()).as("%s: stdout:%n%s%nstderr:%n%s", image, own.out(), own.err()).isZero();
      assertThat(own.out() + own.err()).as(image).contains("started with gateway.startup.exit-after-start")
          .doesNotContain("[warning][aot").doesNotContain("[error][aot").doesNotContain("[warning][cds").doesNotContain("[error][cds");
    }
  }

  /** {@code podman run} of the image with the read-only root, tmpfs and dropped capabilities the deployment uses. */
  private static Podman.Result hardened(String... args) {
    var command = new ArrayList<>(HARDENED);
    command.addAll(List.of(args));
    return Podman.podman(Duration.ofMinutes(3), command.toArray(String[]::new));
  }
}
