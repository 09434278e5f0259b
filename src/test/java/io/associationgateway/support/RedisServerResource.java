package io.associationgateway.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Redis for the tests, on free loopback ports: Debian's {@code redis-server} when it is on the PATH (CI installs
 * it), in the shape {@code gateway.test.redis} names ({@link RedisTopology}: standalone, cluster or sentinel); without
 * it, the standalone server binary packaged with embedded-redis.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

  private static volatile RedisTopology current;

  private Embedded embedded;
  private RedisTopology topology;

  /** The topology the running tests use, or {@code null} (embedded server). */
  public static RedisTopology current() {
    return current;
  }

  @Override
  public Map<String, String> start() {
    try {
      var kind = RedisTopology.configuredKind();
      if (onPath("redis-server")) {
        this.topology = RedisTopology.start(kind);
        current = this.topology;
        return this.topology.quarkusConfig();
      }
      if (!kind.equals("standalone")) {
        throw new IllegalStateException("gateway.test.redis=" + kind + " needs redis-server and redis-cli on the PATH");
      }
      this.embedded = startEmbedded();
      return Map.of("quarkus.redis.hosts", this.embedded.url());
    } catch (IOException e) {
      throw new IllegalStateException("could not start Redis for the tests", e);
    }
  }

  /** A standalone Redis from the binary packaged with embedded-redis: free loopback port, nothing persisted. */
  public record Embedded(redis.embedded.RedisServer server, int port) implements AutoCloseable {
    public String url() {
      return "redis://127.0.0.1:" + this.port;
    }

    @Override
    public void close() throws IOException {
      this.server.stop();
    }
  }

  /** Starts an {@link Embedded} Redis; the caller stops it. */
  public static Embedded startEmbedded() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var server = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
        .build();
    server.start();
    return new Embedded(server, port);
  }

  /** Whether an executable of that name is on the PATH (redis-server, redis-cli). */
  public static boolean onPath(String command) {
    var path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (var dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void stop() {
    try {
      if (this.topology != null) {
        this.topology.close();
        current = null;
      }
      if (this.embedded != null) {
        this.embedded.close();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
