package io.associationgateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.LocalModeGuard;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisHostsProvider;
import io.smallrye.common.annotation.Identifier;

import redis.embedded.RedisServer;

/**
 * Local mode's Redis: the Redis server binary packaged on Maven Central ({@code com.github.codemonstur:embedded-redis}),
 * started as a child process on loopback when the Redis client first asks for its hosts
 * ({@code quarkus.redis.hosts-provider-name=embedded-redis}), stopped with the application. Nothing is persisted.
 * With {@code gateway.local.redis-url} set, that Redis is used instead and nothing is started (several local-mode
 * replicas sharing one Redis, as in {@code compose.yaml}).
 */
@ApplicationScoped
@Identifier(EmbeddedRedisHostsProvider.NAME)
@Unremovable
public class EmbeddedRedisHostsProvider implements RedisHostsProvider {

  public static final String NAME = LocalModeGuard.EMBEDDED_REDIS;

  private final LocalConfig config;
  private RedisServer server;
  private URI uri;

  public EmbeddedRedisHostsProvider(LocalConfig config) {
    this.config = config;
  }

  @Override
  public synchronized Set<URI> getHosts() {
    if (this.uri == null) {
      LocalModeGuard.refuseInProd("the embedded Redis (quarkus.redis.hosts-provider-name=" + NAME + ")");
      this.config.redisUrl().ifPresentOrElse(external -> {
        this.uri = external;
        Log.infof("local mode: using the Redis at %s:%d instead of an embedded one", external.getHost(), external.getPort());
      }, this::start);
    }
    return Set.of(this.uri);
  }

  private void start() {
    try {
      var port = this.config.redisPort() == 0 ? freePort() : this.config.redisPort();
      var redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      redis.start();
      this.server = redis;
      this.uri = URI.create("redis://127.0.0.1:" + port);
      Log.infof("local mode: embedded Redis listening on 127.0.0.1:%d", port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded Redis", e);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (this.server != null) {
      try {
        this.server.stop();
      } catch (IOException e) {
        Log.warnf("embedded Redis did not stop cleanly: %s", e.getMessage());
      }
      this.server = null;
    }
  }
}
