package io.associationgateway.state;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;
import io.associationgateway.config.PolicyConfig;
import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.Refusal;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;

/**
 * Pending codes and the limits around them (key layout in {@link RedisKeys}). A code is a hash of its HMAC, target,
 * channel, user, purpose and wrong tries, with the code's lifetime as TTL. Per target: resend cooldown, sends this
 * hour, wrong codes in 24 h and the pointer to the one live code, all under the target's hash tag (a target is a
 * mailbox: see {@link RedisKeys#targetHash}); per user SMS and e-mails today; per client IP token buckets for sends and
 * verifies; SMS and e-mails this hour, gateway-wide. Every counter carries its
 * window as TTL.
 *
 * <p>A send is checked in two Redis round trips, each script on one Redis Cluster slot: the client IP bucket and the
 * target's own limits together (which also store the code), then the user's and the gateway's budgets of the channel. When
 * any of them refuses, what the others counted is given back ({@code undo-send.lua}, {@code budget.lua}), so a refused
 * send costs the user nothing but an IP token and never kills the target's previous code.
 */
@Singleton
public class PendingCodeStore {

  static final LuaScript SEND_TARGET = LuaScript.load("lib.lua", "send-target.lua");
  static final LuaScript UNDO_SEND = LuaScript.load("undo-send.lua");
  static final LuaScript BUDGET = LuaScript.load("lib.lua", "budget.lua");
  static final LuaScript IP_BUCKET = LuaScript.load("lib.lua", "ip-bucket.lua");
  static final LuaScript VERIFY = LuaScript.load("lib.lua", "verify-code.lua");
  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 86_400_000L;

  /** The code's fields naming its target's failure counter and live-code pointer (see send-target.lua, verify-code.lua). */
  static final String FAILURES_FIELD = "fkey";
  static final String LATEST_FIELD = "lkey";

  private final ReactiveRedisDataSource redis;
  private final ReactiveHashCommands<String, String, String> hashes;
  private final PolicyConfig policy;
  private final FlowConfig flow;

  public PendingCodeStore(ReactiveRedisDataSource redis, PolicyConfig policy, FlowConfig flow) {
    this.redis = redis;
    this.hashes = redis.hash(String.class);
    this.policy = policy;
    this.flow = flow;
  }

  /**
   * Stores {@code code} as the target's only live code if every send limit allows it, counting the send; otherwise
   * stores and counts nothing (but the IP token) and answers the first limit that refused.
   *
   * @param verificationId minted with the target's bucket ({@link RedisKeys#bucket})
   * @return {@code null} when stored, else the refusal
   */
  public Uni<Refusal> saveIfAllowed(String verificationId, PendingCode code, String clientIp) {
    var target = code.target();
    var codeKey = RedisKeys.code(RedisKeys.bucket(target), verificationId);
    var keys = List.of(RedisKeys.failures(target), RedisKeys.cooldown(target), RedisKeys.sends(target), RedisKeys.latest(target), codeKey);
    var args = new ArrayList<String>(List.of(
        Integer.toString(this.policy.failuresPerTargetPerDay()), Long.toString(this.policy.resendCooldown().toMillis()),
        Integer.toString(this.policy.sendsPerTargetPerHour()), Long.toString(this.flow.codeTtl().toMillis())));
    args.addAll(List.of("mac", code.mac(), "attempts", "0", "target", target.value(), "channel", target.channel().name(),
        "user", code.userId(), "purpose", code.purpose().name(), FAILURES_FIELD, RedisKeys.failures(target), LATEST_FIELD,
        RedisKeys.latest(target)));
    var ip = IP_BUCKET.run(this.redis, List.of(RedisKeys.ipSends(clientIp)),
        List.of(Integer.toString(this.policy.ipSendBurst()), Integer.toString(this.policy.ipSendsPerMinute())), IpBucketReply::parse);
    var own = SEND_TARGET.run(this.redis, keys, args, SendTargetReply::parse);
    return Uni.combine().all().unis(ip, own).asTuple().chain(both -> {
      var ipWait = both.getItem1().waitMs();
      var reply = both.getItem2();
      if (reply instanceof SendTargetReply.Refused refused && (ipWait == 0 || refused.kind() == Refusal.Kind.LOCKOUT)) {
        return Uni.createFrom().item(refused.refusal());
      }
      var undo = reply instanceof SendTargetReply.Stored stored
          ? undoSend(target, codeKey, stored.previousCode())
          : Uni.createFrom().voidItem();
      if (ipWait > 0) {
        return undo.replaceWith(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, ipWait));
      }
      return channelBudgets(target.channel(), code.userId()).call(refusal -> refusal == null ? Uni.createFrom().voidItem() : undo);
    });
  }

  /**
   * Counts one message against the user's daily and the gateway's hourly budget of its channel (SMS or e-mail), both
   * or neither.
   */
  private Uni<Refusal> channelBudgets(Channel channel, String userId) {
    var sms = channel == Channel.PHONE;
    var userKey = sms ? RedisKeys.userSms(userId) : RedisKeys.userEmail(userId);
    var globalKey = sms ? RedisKeys.globalSms() : RedisKeys.globalEmail();
    var user = budget(userKey, sms ? this.policy.smsPerUserPerDay() : this.policy.emailPerUserPerDay(), DAY_MS, "1");
    var global = budget(globalKey, sms ? this.policy.globalSmsPerHour() : this.policy.globalEmailPerHour(), HOUR_MS, "1");
    return Uni.combine().all().unis(user, global).asTuple().chain(both -> {
      var userWait = both.getItem1();
      var globalWait = both.getItem2();
      if (userWait == null && globalWait == null) {
        return Uni.createFrom().nullItem();
      }
      if (userWait != null) {
        return (globalWait == null ? budget(globalKey, 0, HOUR_MS, "-1") : Uni.createFrom().<Long>nullItem())
            .replaceWith(Refusal.of(Refusal.Scope.USER, Refusal.Kind.CAP, userWait));
      }
      return budget(userKey, 0, DAY_MS, "-1").replaceWith(Refusal.of(Refusal.Scope.GLOBAL, Refusal.Kind.CAP, globalWait));
    });
  }

  /** @return {@code null} when counted (or given back), else the ms until the budget's window ends */
  private Uni<Long> budget(String key, int cap, long windowMs, String delta) {
    return BUDGET.run(this.redis, List.of(key), List.of(Integer.toString(cap), Long.toString(windowMs), delta), BudgetReply::parse)
        .map(reply -> reply instanceof BudgetReply.Capped capped ? capped.retryAfterMs() : null);
  }

  private Uni<Void> undoSend(ContactTarget target, String codeKey, String previous) {
    return UNDO_SEND.run(this.redis, List.of(RedisKeys.cooldown(target), RedisKeys.sends(target), RedisKeys.latest(target), codeKey),
        List.of(previous), UndoSendReply::parse).replaceWithVoid();
  }

  /** Forgets a code that could not be delivered and lifts the cooldown it started, so the user can try again now. */
  public Uni<Void> release(String verificationId, ContactTarget target) {
    return this.redis.key().del(RedisKeys.code(RedisKeys.bucket(target), verificationId), RedisKeys.cooldown(target)).replaceWithVoid();
  }

  /**
   * Checks {@code mac} against the stored one; when right, creates the verification token {@code token}. Both ids
   * carry the target's bucket ({@code bucket}); the client IP's verify bucket is taken first.
   */
  public Uni<VerifyOutcome> verify(String bucket, String verificationId, String mac, String token, String clientIp) {
    var codeKey = RedisKeys.code(bucket, verificationId);
    var args = List.of(mac, Integer.toString(this.flow.maxCodeAttempts()), Long.toString(this.flow.verificationTokenTtl().toMillis()),
        Integer.toString(this.policy.failuresPerTargetPerDay()));
    // the code names its target's failure counter and live-code pointer (the id carries only the target's bucket):
    // read them beside the IP check, so that the script is given every key it touches
    var targetKeys = this.hashes.hmget(codeKey, FAILURES_FIELD, LATEST_FIELD);
    return Uni.combine().all().unis(takeIpCheck(clientIp), targetKeys).asTuple().chain(both -> {
      var wait = both.getItem1();
      var failures = both.getItem2().get(FAILURES_FIELD);
      var latest = both.getItem2().get(LATEST_FIELD);
      if (wait > 0) {
        return Uni.createFrom().item(VerifyOutcome.refused(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, wait)));
      }
      if (failures == null || latest == null) {
        return Uni.createFrom().item(VerifyOutcome.missing());
      }
      var keys = List.of(codeKey, RedisKeys.verificationToken(bucket, token), failures, latest);
      return VERIFY.run(this.redis, keys, args, VerifyCodeReply::parse).map(VerifyCodeReply::outcome);
    });
  }

  /**
   * Takes one token of the client IP's check bucket, which code checks and the unauthenticated WeChat steps
   * ({@code provider/uri}, {@code provider/token}) share: the seconds to wait, {@code 0} when allowed.
   */
  public Uni<Long> takeIpCheck(String clientIp) {
    return IP_BUCKET.run(this.redis, List.of(RedisKeys.ipVerifies(clientIp)),
        List.of(Integer.toString(this.policy.ipVerifyBurst()), Integer.toString(this.policy.ipVerifiesPerMinute())), IpBucketReply::parse)
        .map(IpBucketReply::waitMs);
  }
}
