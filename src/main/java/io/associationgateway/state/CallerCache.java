package io.associationgateway.state;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.associationgateway.domain.Caller;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/** CloudBase's answer about an access token, briefly: {@code gw:caller:<sha256(access token)> -> Caller JSON}. */
@Singleton
public class CallerCache {

  static final String PREFIX = "gw:caller:";

  private final ReactiveValueCommands<String, Caller> values;
  private final ReactiveRedisDataSource redis;

  public CallerCache(ReactiveRedisDataSource redis) {
    this.redis = redis;
    this.values = redis.value(Caller.class);
  }

  /** The cached caller, or {@code null}. */
  public Uni<Caller> find(String accessToken) {
    return this.values.get(key(accessToken));
  }

  public Uni<Void> save(String accessToken, Caller caller, Duration ttl) {
    return this.values.set(key(accessToken), caller, new SetArgs().px(ttl));
  }

  /** Forgets the caller, e.g. after its contacts changed. */
  public Uni<Void> evict(String accessToken) {
    return this.redis.key().del(key(accessToken)).replaceWithVoid();
  }

  static String key(String accessToken) {
    return PREFIX + Secrets.hash(accessToken);
  }
}
