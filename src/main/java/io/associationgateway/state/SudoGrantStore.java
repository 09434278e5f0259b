package io.associationgateway.state;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/** Sudo grants: {@code gw:sudo:<sha256(token)> -> user id}, with the grant's lifetime as TTL. */
@ApplicationScoped
public class SudoGrantStore {

  static final String PREFIX = "gw:sudo:";

  private final ReactiveValueCommands<String, String> values;

  public SudoGrantStore(ReactiveRedisDataSource redis) {
    this.values = redis.value(String.class);
  }

  /** Records a grant for {@code userId} under the hash of {@code token}. */
  public Uni<Void> save(String token, String userId, Duration ttl) {
    return RedisDeadline.bounded(this.values.set(key(token), userId, new SetArgs().px(ttl)));
  }

  static String key(String token) {
    return PREFIX + Secrets.hash(token);
  }
}
