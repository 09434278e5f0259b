package io.associationgateway.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.associationgateway.support.RedisServerResource;

/**
 * Debian's {@code redis-server} as a child process on a fixed loopback port, with the append-only file on (as a
 * production Redis has it), in its own temporary directory: it can be killed like a crash ({@code kill -9}) and
 * started again on the same port with the same data.
 */
final class AofRedis implements AutoCloseable {

  final int port;
  private final Path dir;
  private Process process;

  private AofRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  static AofRedis start() throws IOException {
    Assumptions.assumeTrue(RedisServerResource.onPath("redis-server"), "redis-server is not installed");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var redis = new AofRedis(port, Files.createTempDirectory("gateway-it-redis"));
    redis.restart();
    return redis;
  }

  String hosts() {
    return "redis://127.0.0.1:" + this.port;
  }

  /** Starts the server (again) on the same port and directory; returns once it accepts connections. */
  void restart() throws IOException {
    this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "yes", "--appendfsync", "everysec", "--dir", this.dir.toString())
        .redirectErrorStream(true).redirectOutput(this.dir.resolve("redis.log").toFile()).start();
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (var ignored = new Socket("127.0.0.1", this.port)) {
        return;
      } catch (IOException notYet) {
        if (!this.process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server did not start:\n" + Files.readString(this.dir.resolve("redis.log")), notYet);
        }
        sleep(10);
      }
    }
  }

  /** Kills the server without warning (SIGKILL), as a crash would; what the AOF holds survives. */
  void kill() throws InterruptedException {
    this.process.destroyForcibly();
    this.process.waitFor(5, TimeUnit.SECONDS);
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered, as when the network drops packets. */
  void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen server go on (SIGCONT). */
  void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    var kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    if (this.process != null && this.process.isAlive()) {
      thaw();
      this.process.destroy();
      if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
        this.process.destroyForcibly();
      }
    }
    try (var files = Files.walk(this.dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
