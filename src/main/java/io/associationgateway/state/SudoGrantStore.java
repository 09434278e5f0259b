package io.associationgateway.state;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/** Sudo grants: {@link RedisKeys#sudoGrant} {@code -> user id}, with the grant's lifetime as TTL. */
@ApplicationScoped
public class SudoGrantStore {

  private final ReactiveValueCommands<String, String> values;

  public SudoGrantStore(ReactiveRedisDataSource redis) {
    this.values = redis.value(String.class);
  }

  /** The user the grant was given to, or {@code null} when it is unknown or expired. */
  public Uni<String> owner(String token) {
    return this.values.get(key(token));
  }

  /** Records a grant for {@code userId} under the hash of {@code token}. */
  public Uni<Void> save(String token, String userId, Duration ttl) {
    return this.values.set(key(token), userId, new SetArgs().px(ttl));
  }

  static String key(String token) {
    return RedisKeys.sudoGrant(token);
  }
}
