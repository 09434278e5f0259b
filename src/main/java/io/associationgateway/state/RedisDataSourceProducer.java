package io.associationgateway.state;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;

/**
 * The gateway's {@link ReactiveRedisDataSource}: Quarkus's own, over one {@link SharedRedisConnection} instead of a
 * pool (standalone, Sentinel and Cluster alike). Health checks and tests keep Quarkus's pooled data sources.
 */
@Singleton
public class RedisDataSourceProducer {

  private final SharedRedisConnection connection;
  private final ReactiveRedisDataSource dataSource;

  public RedisDataSourceProducer(Vertx vertx, Redis redis) {
    this.connection = new SharedRedisConnection(vertx.getDelegate(), redis.getDelegate(), RedisDeadline.timeout());
    this.dataSource = new ReactiveRedisDataSourceImpl(vertx, redis, new RedisConnection(this.connection));
  }

  @Produces
  @Alternative
  @Priority(1)
  @Singleton
  ReactiveRedisDataSource dataSource() {
    return this.dataSource;
  }

  /**
   * Opens the shared connection at startup with one {@code PING}, on the main thread: opening it first loads the Redis
   * client's command table and connection classes, which the first request would otherwise do on an event loop while
   * every other loop waits for the connection. Redis being down at startup is not fatal: the first command tries again
   * and readiness reports it. Runs after the production settings check, so a start that check refuses tries no Redis.
   */
  void warmUp(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent startup) {
    try {
      this.dataSource.execute("PING").await().atMost(RedisDeadline.timeout());
    } catch (RuntimeException unavailable) {
      Log.infof("Redis did not answer at startup (%s); the first command connects again", unavailable.getMessage());
    }
  }

  /** Before Quarkus closes the Redis client on an orderly stop, so that closing is not logged as a lost connection. */
  void stopping(@Observes ShutdownEvent shutdown) {
    this.connection.stopping();
  }

  void close(@Disposes ReactiveRedisDataSource closing) {
    this.connection.close();
  }
}
