package io.associationgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.ProviderIdentity;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Provider tokens: {@code gw:ptok:<sha256(token)>}, a hash of the WeChat identity the code proved, with the token's
 * lifetime as TTL; taken exactly once by a bind and put back when the bind does not happen.
 */
@ApplicationScoped
public class ProviderTokenStore {

  static final String PREFIX = "gw:ptok:";

  private static final LuaScript PUT = LuaScript.load("put-hash.lua");
  private static final LuaScript TAKE = LuaScript.load("take-hash.lua");
  private static final List<String> FIELDS = List.of("provider_id", "app_id", "openid", "unionid", "nickname", "avatar");

  private final ReactiveRedisDataSource redis;

  public ProviderTokenStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  /** A taken identity and the lifetime its token had left. */
  public record Taken(ProviderIdentity identity, Duration remaining) {
  }

  public Uni<Void> save(String token, ProviderIdentity identity, Duration ttl) {
    return put("replace", token, identity, ttl);
  }

  /** Takes the identity behind {@code token}; {@code null} when the token is unknown, expired or used. */
  public Uni<Taken> take(String token) {
    return TAKE.run(this.redis, List.of(key(token)), FIELDS).map(reply -> {
      if (reply == null || reply.size() == 0) {
        return null;
      }
      var values = new ArrayList<String>();
      for (int i = 0; i < FIELDS.size(); i++) {
        var value = reply.get(i + 1) == null ? "" : reply.get(i + 1).toString();
        values.add(value.isEmpty() ? null : value);
      }
      var identity = new ProviderIdentity(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4), values.get(5));
      return new Taken(identity, Duration.ofMillis(Math.max(1, reply.get(0).toLong())));
    });
  }

  /** Puts a taken token back, so the user can retry after a refusal that changed nothing or an upstream failure. */
  public Uni<Void> restore(String token, Taken taken) {
    return put("restore", token, taken.identity(), taken.remaining());
  }

  private Uni<Void> put(String mode, String token, ProviderIdentity identity, Duration ttl) {
    var args = new ArrayList<String>(List.of(mode, Long.toString(ttl.toMillis())));
    var values = new String[] {identity.providerId(), identity.appId(), identity.openid(), identity.unionid(), identity.nickname(), identity.avatar()};
    for (int i = 0; i < FIELDS.size(); i++) {
      args.add(FIELDS.get(i));
      args.add(values[i] == null ? "" : values[i]);
    }
    return PUT.run(this.redis, List.of(key(token)), args).replaceWithVoid();
  }

  static String key(String token) {
    return PREFIX + Secrets.hash(token);
  }
}
