package io.associationgateway.state;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Pending codes: {@code gw:code:<sha256(verification_id)>}, a hash of the code's HMAC, target, channel, user, purpose
 * and wrong-try count, with the code's lifetime as TTL. Verifying a right code turns it into a verification token
 * in the same script.
 */
@ApplicationScoped
public class PendingCodeStore {

  static final String PREFIX = "gw:code:";

  private static final LuaScript PUT = LuaScript.load("put-hash.lua");
  private static final LuaScript VERIFY = LuaScript.load("verify-code.lua");

  private final ReactiveRedisDataSource redis;

  public PendingCodeStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  public Uni<Void> save(String verificationId, PendingCode code, Duration ttl) {
    var args = List.of("replace", Long.toString(ttl.toMillis()),
        "mac", code.mac(), "attempts", "0",
        "target", code.target().value(), "channel", code.target().channel().name(),
        "user", code.userId(), "purpose", code.purpose().name());
    return PUT.run(this.redis, List.of(key(verificationId)), args).replaceWithVoid();
  }

  /** Forgets a code that could not be delivered. */
  public Uni<Void> delete(String verificationId) {
    return this.redis.key().del(key(verificationId)).replaceWithVoid();
  }

  /** Checks {@code mac} against the stored one; when right, creates the verification token {@code token}. */
  public Uni<VerifyOutcome> verify(String verificationId, String mac, int maxAttempts, String token, Duration tokenTtl) {
    var keys = List.of(key(verificationId), VerificationTokenStore.key(token));
    var args = List.of(mac, Integer.toString(maxAttempts), Long.toString(tokenTtl.toMillis()));
    return VERIFY.run(this.redis, keys, args).map(reply -> switch (reply.get(0).toString()) {
      case "ok" -> new VerifyOutcome(VerifyOutcome.Kind.VERIFIED, 0);
      case "wrong" -> new VerifyOutcome(VerifyOutcome.Kind.WRONG, reply.get(1).toInteger());
      case "exhausted" -> new VerifyOutcome(VerifyOutcome.Kind.EXHAUSTED, 0);
      default -> new VerifyOutcome(VerifyOutcome.Kind.MISSING, 0);
    });
  }

  static String key(String verificationId) {
    return PREFIX + Secrets.hash(verificationId);
  }
}
