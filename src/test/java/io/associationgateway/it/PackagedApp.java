package io.associationgateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged application started as the README says, as a child process: the local build
 * ({@code target/local-app/quarkus-run.jar}) by {@link #start}, the production build
 * ({@code target/quarkus-app/quarkus-run.jar}) by {@link #startProduction}.
 */
final class PackagedApp implements AutoCloseable {

  final int port;
  final Path log;
  private final Process process;

  private PackagedApp(int port, Path log, Process process) {
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static PackagedApp start(List<String> systemProperties) throws IOException {
    return start(System.getProperty("app.jar", "target/local-app/quarkus-run.jar"), systemProperties);
  }

  static PackagedApp startProduction(List<String> systemProperties) throws IOException {
    return start(System.getProperty("prod.app.jar", "target/quarkus-app/quarkus-run.jar"), systemProperties);
  }

  private static PackagedApp start(String jar, List<String> systemProperties) throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.http.port=" + port);
    command.addAll(systemProperties);
    command.add("-jar");
    command.add(jar);
    var log = Files.createTempFile("gateway-it", ".log");
    var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PackagedApp(port, log, process);
  }

  String url() {
    return "http://127.0.0.1:" + this.port;
  }

  /** Waits until {@code /q/health/ready} answers 200; false when the process ended first. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    var client = HttpClient.newHttpClient();
    var deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!this.process.isAlive()) {
        return false;
      }
      try {
        var response = client.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Waits for the process to end; its exit code, or -1 if it still runs. */
  int awaitExit(Duration timeout) throws InterruptedException {
    return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? this.process.exitValue() : -1;
  }

  /** Sends SIGTERM, as Kubernetes does, without waiting. */
  void terminate() {
    this.process.destroy();
  }

  /** Kills the process without warning (SIGKILL), as a crashed node would; waits until it is gone. */
  void kill() throws InterruptedException {
    this.process.destroyForcibly();
    this.process.waitFor(10, TimeUnit.SECONDS);
  }

  String output() throws IOException {
    return Files.readString(this.log);
  }

  @Override
  public void close() throws Exception {
    this.process.destroy();
    if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
      this.process.destroyForcibly();
    }
    if (Boolean.getBoolean("it.keep-logs")) {
      System.out.println("gateway log kept: " + this.log);
    } else {
      Files.deleteIfExists(this.log);
    }
  }
}
