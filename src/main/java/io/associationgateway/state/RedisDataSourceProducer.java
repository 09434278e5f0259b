package io.associationgateway.state;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
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

  void close(@Disposes ReactiveRedisDataSource closing) {
    this.connection.close();
  }
}
