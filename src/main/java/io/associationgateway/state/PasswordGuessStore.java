package io.associationgateway.state;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import io.associationgateway.domain.NetworkKey;
import io.associationgateway.failure.Refusal;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Wrong sudo passwords counted per user and per client IP (IPv6: per /64), each in a fixed window that starts with its
 * first failure ({@code gw:pwu:<user>}, {@code gw:pwip:<ip>}; one key per script, so no hash tag is needed).
 */
@Singleton
public class PasswordGuessStore {

  static final LuaScript FAILURES = LuaScript.load("lib.lua", "failure-budget.lua");

  private final ReactiveRedisDataSource redis;

  public PasswordGuessStore(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  /** {@code null} when both budgets have room, else the refusal of the first one used up. */
  public Uni<Refusal> check(String userId, String clientIp, int perUser, int perIp) {
    var user = run(userKey(userId), perUser, Duration.ZERO, "check");
    var ip = run(ipKey(clientIp), perIp, Duration.ZERO, "check");
    return Uni.combine().all().unis(user, ip).asTuple()
        .map(both -> both.getItem1() != null
            ? Refusal.of(Refusal.Scope.USER, Refusal.Kind.CAP, both.getItem1())
            : both.getItem2() != null ? Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, both.getItem2()) : null);
  }

  /** Counts one wrong password against the user and the client IP. */
  public Uni<Void> countFailure(String userId, String clientIp, Duration window) {
    return Uni.combine().all().unis(run(userKey(userId), 0, window, "count"), run(ipKey(clientIp), 0, window, "count")).discardItems();
  }

  /** @return {@code null} when there is room (or after counting), else the ms until the window ends */
  private Uni<Long> run(String key, int cap, Duration window, String mode) {
    return FAILURES.run(this.redis, List.of(key), List.of(Integer.toString(cap), Long.toString(window.toMillis()), mode),
        FailureBudgetReply::parse).map(reply -> reply instanceof FailureBudgetReply.Capped capped ? capped.retryAfterMs() : null);
  }

  static String userKey(String userId) {
    return "gw:pwu:" + userId;
  }

  static String ipKey(String clientIp) {
    return "gw:pwip:" + NetworkKey.of(clientIp);
  }
}
