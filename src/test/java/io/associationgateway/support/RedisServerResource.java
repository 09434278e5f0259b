package io.associationgateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Redis server for the tests, on a free loopback port: Debian's {@code redis-server} when it is on the PATH
 * (CI installs it), else the server binary packaged with embedded-redis.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

  private Process process;
  private redis.embedded.RedisServer embedded;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      int port;
      try (var socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (onPath("redis-server")) {
        this.dir = Files.createTempDirectory("gateway-test-redis");
        this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", this.dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitPort(port);
      } else {
        this.embedded = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
            .setting("save \"\"").setting("appendonly no").build();
        this.embedded.start();
      }
      return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new IllegalStateException("could not start Redis for the tests", e);
    }
  }

  private void awaitPort(int port) {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (var ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!this.process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server did not start", notYet);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static boolean onPath(String command) {
    var path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (var dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void stop() {
    try {
      if (this.process != null) {
        this.process.destroy();
        if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
          this.process.destroyForcibly();
        }
      }
      if (this.embedded != null) {
        this.embedded.stop();
      }
      if (this.dir != null) {
        try (var files = Files.walk(this.dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
