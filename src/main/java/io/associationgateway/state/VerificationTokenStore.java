package io.associationgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.associationgateway.domain.Caller;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Purpose;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Verification tokens ({@link RedisKeys#verificationToken}): a hash of the proved target, channel, user and purpose,
 * with the token's lifetime as TTL, under the target's hash tag; the token itself carries the tag's bucket after its
 * prefix. Created by {@link PendingCodeStore#verify}; taken exactly once by a bind or a sudo.
 */
@Singleton
public class VerificationTokenStore {

  static final LuaScript PUT = LuaScript.load("put-hash.lua");
  static final LuaScript CONSUME_FOR_BIND = LuaScript.load("consume-for-bind.lua");
  static final LuaScript CONSUME_FOR_SUDO = LuaScript.load("consume-for-sudo.lua");

  private final ReactiveRedisDataSource redis;
  private final SudoGrantStore sudoGrants;

  public VerificationTokenStore(ReactiveRedisDataSource redis, SudoGrantStore sudoGrants) {
    this.redis = redis;
    this.sudoGrants = sudoGrants;
  }

  /** The result of taking a token: {@code taken} is set only when {@code check} is {@link TokenCheck#OK}. */
  public record Taken(TokenCheck check, VerifiedContact taken) {
  }

  /**
   * Checks that {@code sudoToken} is the caller's live grant, then takes {@code token} if it proves {@code target} for
   * a bind by the same caller; the take is atomic, so two binds cannot both spend one token. The grant is only read,
   * so checking it first on its own key (its own Redis Cluster slot) loses no atomicity.
   */
  public Uni<Taken> takeForBind(String sudoToken, String token, Caller caller, ContactTarget target) {
    var key = key(token);
    if (key == null) {
      return Uni.createFrom().item(new Taken(TokenCheck.TOKEN_INVALID, null));
    }
    var args = List.of(caller.userId(), target.value(), Purpose.BIND.name());
    return this.sudoGrants.owner(sudoToken).chain(owner -> !caller.userId().equals(owner)
        ? Uni.createFrom().item(new Taken(TokenCheck.SUDO_INVALID, null))
        : CONSUME_FOR_BIND.run(this.redis, List.of(key), args, ConsumeForBindReply::parse).map(reply -> {
          if (!(reply instanceof ConsumeForBindReply.Taken taken)) {
            return new Taken(reply.check(), null);
          }
          var remaining = Duration.ofMillis(Math.max(1, taken.remainingMs()));
          return new Taken(TokenCheck.OK,
              new VerifiedContact(token, new ContactTarget(taken.channel(), target.value()), caller.userId(), Purpose.BIND, remaining));
        }));
  }

  /** Takes {@code token} if it proves one of the caller's own contacts, for a sudo grant. */
  public Uni<TokenCheck> takeForSudo(String token, Caller caller) {
    var args = new ArrayList<String>();
    args.add(caller.userId());
    args.add(Purpose.REAUTHENTICATE.name());
    args.addAll(caller.contacts());
    var key = key(token);
    if (key == null) {
      return Uni.createFrom().item(TokenCheck.TOKEN_INVALID);
    }
    return CONSUME_FOR_SUDO.run(this.redis, List.of(key), args, ConsumeForSudoReply::parse).map(ConsumeForSudoReply::check);
  }

  /** Puts a taken token back with the lifetime it had left, so the user can retry after an upstream failure. */
  public Uni<Void> restore(VerifiedContact contact) {
    var args = List.of("restore", Long.toString(contact.remaining().toMillis()),
        "target", contact.target().value(), "channel", contact.target().channel().name(),
        "user", contact.userId(), "purpose", contact.purpose().name());
    return PUT.run(this.redis, List.of(key(contact.token())), args, PutHashReply::parse).replaceWithVoid();
  }

  private static String key(String token) {
    return RedisKeys.verificationToken(token);
  }
}
