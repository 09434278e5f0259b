package io.associationgateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.Channel;
import io.associationgateway.ContactTarget;
import io.associationgateway.Refusal;
import io.associationgateway.config.FlowConfig;
import io.associationgateway.config.PolicyConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Pending codes and the limits around them. A code is {@code gw:code:<sha256(verification_id)>}, a hash of its
 * HMAC, target, channel, user, purpose and wrong tries, with the code's lifetime as TTL. Per target
 * ({@code <t>} = sha256 of the normalised address): {@code gw:tcool:<t>} resend cooldown, {@code gw:tsend:<t>} sends
 * this hour, {@code gw:tfail:<t>} wrong codes in 24 h, {@code gw:tlast:<t>} the live code. Per user
 * {@code gw:usms:<user>} SMS today; per client IP {@code gw:ipsend:<ip>} and {@code gw:ipverify:<ip>} token buckets;
 * {@code gw:gsms} SMS this hour, gateway-wide. Every counter carries its window as TTL.
 */
@ApplicationScoped
public class PendingCodeStore {

  static final String PREFIX = "gw:code:";

  private static final LuaScript SEND = LuaScript.load("lib.lua", "send-code.lua");
  private static final LuaScript VERIFY = LuaScript.load("lib.lua", "verify-code.lua");

  private final ReactiveRedisDataSource redis;
  private final PolicyConfig policy;
  private final FlowConfig flow;

  public PendingCodeStore(ReactiveRedisDataSource redis, PolicyConfig policy, FlowConfig flow) {
    this.redis = redis;
    this.policy = policy;
    this.flow = flow;
  }

  /**
   * Stores {@code code} as the target's only live code if every send limit allows it, counting the send; otherwise
   * stores nothing and answers the first limit that refused.
   *
   * @return {@code null} when stored, else the refusal
   */
  public Uni<Refusal> saveIfAllowed(String verificationId, PendingCode code, String clientIp) {
    var target = targetHash(code.target());
    var sms = code.target().channel() == Channel.PHONE;
    var keys = List.of(failuresKey(target), "gw:ipsend:" + clientIp, "gw:tcool:" + target, "gw:tsend:" + target,
        "gw:usms:" + code.userId(), "gw:gsms", latestKey(target), key(verificationId));
    var args = new ArrayList<String>(List.of(
        Integer.toString(this.policy.failuresPerTargetPerDay()),
        Integer.toString(this.policy.ipSendBurst()), Integer.toString(this.policy.ipSendsPerMinute()),
        Long.toString(this.policy.resendCooldown().toMillis()), Integer.toString(this.policy.sendsPerTargetPerHour()),
        sms ? "1" : "0", Integer.toString(this.policy.smsPerUserPerDay()), Integer.toString(this.policy.globalSmsPerHour()),
        Long.toString(this.flow.codeTtl().toMillis())));
    args.addAll(List.of("mac", code.mac(), "attempts", "0", "target", code.target().value(), "channel", code.target().channel().name(),
        "user", code.userId(), "purpose", code.purpose().name(), "fkey", failuresKey(target), "lkey", latestKey(target)));
    return SEND.run(this.redis, keys, args).map(reply -> "ok".equals(reply.get(0).toString()) ? null
        : Refusal.of(reply.get(0).toString(), reply.get(1).toString(), reply.get(2).toLong()));
  }

  /** Forgets a code that could not be delivered and lifts the cooldown it started, so the user can try again now. */
  public Uni<Void> release(String verificationId, ContactTarget target) {
    return RedisDeadline.bounded(this.redis.key().del(key(verificationId), "gw:tcool:" + targetHash(target)).replaceWithVoid());
  }

  /** Checks {@code mac} against the stored one; when right, creates the verification token {@code token}. */
  public Uni<VerifyOutcome> verify(String verificationId, String mac, String token, String clientIp) {
    var keys = List.of(key(verificationId), VerificationTokenStore.key(token), "gw:ipverify:" + clientIp);
    var args = List.of(mac, Integer.toString(this.flow.maxCodeAttempts()), Long.toString(this.flow.verificationTokenTtl().toMillis()),
        Integer.toString(this.policy.failuresPerTargetPerDay()),
        Integer.toString(this.policy.ipVerifyBurst()), Integer.toString(this.policy.ipVerifiesPerMinute()));
    return VERIFY.run(this.redis, keys, args).map(reply -> switch (reply.get(0).toString()) {
      case "ok" -> VerifyOutcome.verified();
      case "wrong" -> VerifyOutcome.wrong(reply.get(1).toInteger());
      case "exhausted" -> VerifyOutcome.exhausted();
      case "locked" -> VerifyOutcome.refused(Refusal.of("target", "lockout", reply.get(1).toLong()));
      case "ip" -> VerifyOutcome.refused(Refusal.of("ip", "cap", reply.get(1).toLong()));
      default -> VerifyOutcome.missing();
    });
  }

  static String key(String verificationId) {
    return PREFIX + Secrets.hash(verificationId);
  }

  private static String targetHash(ContactTarget target) {
    return Secrets.hash(target.value());
  }

  private static String failuresKey(String targetHash) {
    return "gw:tfail:" + targetHash;
  }

  private static String latestKey(String targetHash) {
    return "gw:tlast:" + targetHash;
  }
}
