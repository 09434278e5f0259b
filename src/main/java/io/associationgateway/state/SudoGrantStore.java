package io.associationgateway.state;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Sudo grants: {@link RedisKeys#sudoGrant} {@code -> user id}, followed, when the grant was bought with the password,
 * by a newline and CloudBase's own sudo token sealed under the gateway's token ({@link Secrets#seal}); the grant's
 * lifetime is the key's TTL. One key, one command each way.
 */
@Singleton
public class SudoGrantStore {

  private static final char SEPARATOR = '\n';

  private final ReactiveValueCommands<String, String> values;

  public SudoGrantStore(ReactiveRedisDataSource redis) {
    this.values = redis.value(String.class);
  }

  /** A live grant: whose it is, and CloudBase's sealed sudo token or {@code null}. */
  public record Grant(String userId, String sealedCloudBaseToken) {
  }

  /** The user the grant was given to, or {@code null} when it is unknown or expired. */
  public Uni<String> owner(String token) {
    return find(token).map(grant -> grant == null ? null : grant.userId());
  }

  /** The grant, or {@code null} when it is unknown or expired. */
  public Uni<Grant> find(String token) {
    return this.values.get(key(token)).map(value -> {
      if (value == null) {
        return null;
      }
      var separator = value.indexOf(SEPARATOR);
      return separator < 0 ? new Grant(value, null) : new Grant(value.substring(0, separator), value.substring(separator + 1));
    });
  }

  /** Records a grant for {@code userId} under the hash of {@code token}, with CloudBase's sealed sudo token if any. */
  public Uni<Void> save(String token, String userId, String sealedCloudBaseToken, Duration ttl) {
    var value = sealedCloudBaseToken == null ? userId : userId + SEPARATOR + sealedCloudBaseToken;
    return this.values.set(key(token), value, new SetArgs().px(ttl));
  }

  static String key(String token) {
    return RedisKeys.sudoGrant(token);
  }
}
