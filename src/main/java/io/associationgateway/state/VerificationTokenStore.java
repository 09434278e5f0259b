package io.associationgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.Caller;
import io.associationgateway.Channel;
import io.associationgateway.ContactTarget;
import io.associationgateway.Purpose;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Verification tokens: {@code gw:vtok:<sha256(token)>}, a hash of the proved target, channel, user and purpose, with
 * the token's lifetime as TTL. Created by {@link PendingCodeStore#verify}; taken exactly once by a bind or a sudo.
 */
@ApplicationScoped
public class VerificationTokenStore {

  static final String PREFIX = "gw:vtok:";

  private static final LuaScript PUT = LuaScript.load("put-hash.lua");
  private static final LuaScript CONSUME_FOR_BIND = LuaScript.load("consume-for-bind.lua");
  private static final LuaScript CONSUME_FOR_SUDO = LuaScript.load("consume-for-sudo.lua");

  private final ReactiveRedisDataSource redis;

  public VerificationTokenStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  /** The result of taking a token: {@code taken} is set only when {@code check} is {@link TokenCheck#OK}. */
  public record Taken(TokenCheck check, VerifiedContact taken) {
  }

  /**
   * Checks that {@code sudoToken} is the caller's live grant and takes {@code token} if it proves {@code target} for
   * a bind by the same caller; atomically, so two binds cannot both spend one token.
   */
  public Uni<Taken> takeForBind(String sudoToken, String token, Caller caller, ContactTarget target) {
    var keys = List.of(SudoGrantStore.key(sudoToken), key(token));
    var args = List.of(caller.userId(), target.value(), Purpose.BIND.name());
    return CONSUME_FOR_BIND.run(this.redis, keys, args).map(reply -> {
      var check = TokenCheck.of(reply.get(0).toString());
      if (check != TokenCheck.OK) {
        return new Taken(check, null);
      }
      var remaining = Duration.ofMillis(Math.max(1, reply.get(2).toLong()));
      var channel = Channel.valueOf(reply.get(1).toString());
      return new Taken(check, new VerifiedContact(token, new ContactTarget(channel, target.value()), caller.userId(), Purpose.BIND, remaining));
    });
  }

  /** Takes {@code token} if it proves one of the caller's own contacts, for a sudo grant. */
  public Uni<TokenCheck> takeForSudo(String token, Caller caller) {
    var args = new ArrayList<String>();
    args.add(caller.userId());
    args.add(Purpose.REAUTHENTICATE.name());
    args.addAll(caller.contacts());
    return CONSUME_FOR_SUDO.run(this.redis, List.of(key(token)), args).map(reply -> TokenCheck.of(reply.get(0).toString()));
  }

  /** Puts a taken token back with the lifetime it had left, so the user can retry after an upstream failure. */
  public Uni<Void> restore(VerifiedContact contact) {
    var args = List.of("restore", Long.toString(contact.remaining().toMillis()),
        "target", contact.target().value(), "channel", contact.target().channel().name(),
        "user", contact.userId(), "purpose", contact.purpose().name());
    return PUT.run(this.redis, List.of(key(contact.token())), args).replaceWithVoid();
  }

  static String key(String token) {
    return PREFIX + Secrets.hash(token);
  }
}
