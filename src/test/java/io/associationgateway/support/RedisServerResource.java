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

  private redis.embedded.RedisServer embedded;
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
      int port;
      try (var socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      this.embedded = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      this.embedded.start();
      return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new IllegalStateException("could not start Redis for the tests", e);
    }
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
        this.embedded.stop();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
