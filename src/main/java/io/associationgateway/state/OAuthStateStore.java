package io.associationgateway.state;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * OAuth {@code state} values handed out with an authorize URL: {@code gw:state:<sha256(state)>}, a hash of the
 * provider id and redirect URI, with its lifetime as TTL; taken once when the code comes back.
 */
@ApplicationScoped
public class OAuthStateStore {

  private static final LuaScript PUT = LuaScript.load("put-hash.lua");
  private static final LuaScript TAKE = LuaScript.load("take-hash.lua");

  private final ReactiveRedisDataSource redis;

  public OAuthStateStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  public Uni<Void> save(String state, String providerId, String redirectUri, Duration ttl) {
    return PUT.run(this.redis, List.of(key(state)), List.of("replace", Long.toString(ttl.toMillis()), "provider_id", providerId,
        "redirect_uri", redirectUri == null ? "" : redirectUri)).replaceWithVoid();
  }

  /**
   * Takes the state; its remaining lifetime when it existed for exactly this provider and redirect URI, else
   * {@code null} (and it is gone either way).
   */
  public Uni<Duration> take(String state, String providerId, String redirectUri) {
    return TAKE.run(this.redis, List.of(key(state)), List.of("provider_id", "redirect_uri")).map(reply -> reply != null && reply.size() == 3
        && providerId.equals(reply.get(1).toString()) && (redirectUri == null ? "" : redirectUri).equals(reply.get(2).toString())
        ? Duration.ofMillis(Math.max(1, reply.get(0).toLong())) : null);
  }

  /** Puts a taken state back with the lifetime it had left (after an upstream fault), unless it is there again. */
  public Uni<Void> restore(String state, String providerId, String redirectUri, Duration remaining) {
    return PUT.run(this.redis, List.of(key(state)), List.of("restore", Long.toString(remaining.toMillis()), "provider_id", providerId,
        "redirect_uri", redirectUri == null ? "" : redirectUri)).replaceWithVoid();
  }

  static String key(String state) {
    return "gw:state:" + Secrets.hash(state);
  }
}
