package io.associationgateway.state;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency-Key records: {@code gw:idem:<sha256(endpoint, caller, key)>}, a hash of the request's fingerprint and,
 * once answered, the sealed answer; TTL the claim's timeout while running, then the replay window.
 */
@Singleton
public class IdempotencyStore {

  static final String PREFIX = "gw:idem:";
  private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);

  static final LuaScript CLAIM = LuaScript.load("idempotency-claim.lua");
  static final LuaScript PUT = LuaScript.load("put-hash.lua");

  private final ReactiveRedisDataSource redis;

  public IdempotencyStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  /** What became of a key. */
  public record Claim(State state, String sealedAnswer) {
  }

  /** A key's states. */
  public enum State {
    CLAIMED, MISMATCH, RUNNING, DONE
  }

  public Uni<Claim> claim(String recordId, String fingerprint) {
    return CLAIM.run(this.redis, List.of(PREFIX + recordId), List.of(fingerprint, Long.toString(CLAIM_TIMEOUT.toMillis())),
        IdempotencyClaimReply::parse);
  }

  public Uni<Void> complete(String recordId, String fingerprint, String sealedAnswer, Duration ttl) {
    return PUT.run(this.redis, List.of(PREFIX + recordId),
        List.of("replace", Long.toString(ttl.toMillis()), "fp", fingerprint, "answer", sealedAnswer),
        PutHashReply::parse).replaceWithVoid();
  }

  /** Gives the key up, so that a retry runs the request again (after a failure that changed nothing). */
  public Uni<Void> release(String recordId) {
    return this.redis.key().del(PREFIX + recordId).replaceWithVoid();
  }
}
