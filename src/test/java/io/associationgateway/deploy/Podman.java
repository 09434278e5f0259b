package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The container engine of the image and compose tests: {@code podman} with the OCI runtime and limits this kind of
 * machine needs ({@code src/main/docker/containers.conf}: runc, explicit nofile/nproc limits). The gateway images
 * (production and local) are built once per test run from {@code src/main/docker/Dockerfile.jvm} on {@code localhost/debian-jre25}, which
 * {@code src/main/docker/local-base-images.sh} makes from Debian packages (no registry is reached).
 */
final class Podman {

  static final String GATEWAY_BASE = "localhost/debian-jre25";
  static final String REDIS_BASE = "localhost/debian-redis";
  /** The production image: {@code Dockerfile.jvm} on the production build ({@code target/quarkus-app}). */
  static final String GATEWAY_IMAGE = "localhost/association-gateway:1.0.0-SNAPSHOT";
  /** The local image: the same Dockerfile on the local build ({@code --build-arg APP=target/local-app}). */
  static final String LOCAL_IMAGE = "localhost/association-gateway-local:1.0.0-SNAPSHOT";

  /** What one command answered. */
  record Result(int exit, String out, String err) {
    Result ok() {
      assertThat(this.exit).as("exit code; stderr:\n%s\nstdout:\n%s", this.err, this.out).isZero();
      return this;
    }
  }

  private static boolean built;

  private Podman() {
  }

  /**
   * Skips the calling test (JUnit assumption, reported as skipped with this message) when podman is not installed;
   * under CI ({@code CI=true}, where {@code .ci/run} installs it) a missing podman fails instead.
   */
  static void assumeAvailable(String test) {
    var available = run(Duration.ofSeconds(30), Map.of(), "podman", "--version").exit() == 0;
    var message = test + " needs podman (Debian: apt-get install podman runc mmdebstrap; .ci/run installs them)";
    if (!available && "true".equals(System.getenv("CI"))) {
      Assertions.fail(message + ", and CI must run it");
    }
    Assumptions.assumeTrue(available, message + ": skipped, podman is not installed");
  }

  /** Skips (or under CI fails) when podman-compose is not installed. */
  static void assumeCompose(String test) {
    var available = run(Duration.ofSeconds(30), Map.of(), "podman-compose", "version").exit() == 0;
    var message = test + " needs podman-compose (Debian: apt-get install podman-compose; .ci/run installs it)";
    if (!available && "true".equals(System.getenv("CI"))) {
      Assertions.fail(message + ", and CI must run it");
    }
    Assumptions.assumeTrue(available, message + ": skipped, podman-compose is not installed");
  }

  /** The Debian-made base images, made by {@code src/main/docker/local-base-images.sh} when missing. */
  static void makeBaseImages() {
    run(Duration.ofMinutes(10), Map.of(), "bash", projectDir().resolve("src/main/docker/local-base-images.sh").toString()).ok();
  }

  /**
   * Builds {@link #GATEWAY_IMAGE} and {@link #LOCAL_IMAGE} from the repository's Dockerfile once per test run (bases
   * made first if missing), as the README says.
   */
  static synchronized void buildGatewayImages() {
    if (built) {
      return;
    }
    makeBaseImages();
    assertThat(projectDir().resolve("target/quarkus-app/quarkus-run.jar")).as("the production build (mvn package -Dprod)").exists();
    assertThat(projectDir().resolve("target/local-app/quarkus-run.jar")).as("the local build (mvn package)").exists();
    podman(Duration.ofMinutes(10), "build", "-f", "src/main/docker/Dockerfile.jvm", "--build-arg", "BASE_IMAGE=" + GATEWAY_BASE,
        "-t", GATEWAY_IMAGE, ".").ok();
    podman(Duration.ofMinutes(10), "build", "-f", "src/main/docker/Dockerfile.jvm", "--build-arg", "BASE_IMAGE=" + GATEWAY_BASE,
        "--build-arg", "APP=target/local-app", "-t", LOCAL_IMAGE, ".").ok();
    built = true;
  }

  /** {@code podman args...} with the project's containers.conf, run in the project directory. */
  static Result podman(Duration timeout, String... args) {
    var command = new ArrayList<String>(List.of("podman"));
    command.addAll(List.of(args));
    return run(timeout, Map.of(), command.toArray(String[]::new));
  }

  /** Runs a command in the project directory with {@code CONTAINERS_CONF} pointing at the project's containers.conf. */
  static Result run(Duration timeout, Map<String, String> env, String... command) {
    try {
      var out = Files.createTempFile("podman", ".out");
      var err = Files.createTempFile("podman", ".err");
      try {
        var builder = new ProcessBuilder(command).directory(projectDir().toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("CONTAINERS_CONF", projectDir().resolve("src/main/docker/containers.conf").toString());
        builder.environment().putAll(env);
        Process process;
        try {
          process = builder.start();
        } catch (IOException notInstalled) {
          return new Result(127, "", notInstalled.getMessage());
        }
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path projectDir() {
    return DockerfileTest.projectDir();
  }
}
