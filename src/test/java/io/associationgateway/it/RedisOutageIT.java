package io.associationgateway.it;

import static io.associationgateway.it.GatewayClient.ok;
import static io.associationgateway.it.ProdUpstreams.slowly;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.associationgateway.it.GatewayClient.Answer;
import io.associationgateway.it.GatewayClient.Started;

/**
 * Redis dies mid-run (SIGKILL) under the packaged gateway (prod profile, WireMock as CloudBase and Tencent SMS) and comes
 * back on the same port with its append-only file: requests that need Redis fail fast with {@code 503 unavailable},
 * readiness goes DOWN and UP again, the service recovers within 5 s, binds that raced the outage are applied once or
 * not at all, and a flow started before the outage completes after it.
 */
class RedisOutageIT {

  /** Every answer during the outage comes within this (the README explains the figure). */
  private static final long FAIL_FAST_MILLIS = 3_000;
  /** From starting redis-server again to the first successful flow step. */
  private static final long RECOVERY_MILLIS = 5_000;

  @Test
  void redisOutageFailsFastRecoversAndLeavesNothingHalfApplied() throws Exception {
    try (var redis = AofRedis.start();
        var upstreams = new ProdUpstreams();
        var app = PackagedApp.start(upstreams.gatewayConfig(redis.hosts()))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway ready:\n%s", app.output()).isTrue();
      var gateway = new GatewayClient(app);
      var secrets = new ArrayList<String>();

      // before the outage: a whole flow works
      var first = gateway.start(upstreams.newUser(), "+86 13800001001");
      ok(gateway.bind(first.user(), first.sudoToken(), first.phone(), verified(gateway, upstreams, first, secrets)));
      assertThat(upstreams.editsFor(first.user())).isEqualTo(1);

      // Redis frozen (SIGSTOP: connections open, no answers, like a network that drops packets): answers within the deadline
      redis.freeze();
      var frozenAt = System.nanoTime();
      var frozen = new ArrayList<Answer>();
      frozen.add(gateway.sudo(first.user()));
      frozen.add(gateway.verify("gwv_0a1unknown-but-well-formed-id", "123456"));
      frozen.add(gateway.get("/q/health/ready"));
      var frozenMillis = (System.nanoTime() - frozenAt) / 1_000_000;
      redis.thaw();
      assertThat(frozen).allSatisfy(answer -> {
        assertThat(answer.status()).as("answer while Redis is frozen: %s", answer.body()).isEqualTo(503);
        assertThat(answer.millis()).as("latency while Redis is frozen").isLessThanOrEqualTo(FAIL_FAST_MILLIS);
      });
      assertThat(frozen.get(0).json().getString("error")).isEqualTo("unavailable");
      var maxFrozenMillis = frozen.stream().mapToLong(Answer::millis).max().orElseThrow();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/q/health/ready").status() == 200);

      // flows at different steps when Redis dies
      var pending = gateway.start(upstreams.newUser(), "+86 13800001002"); // code sent, not verified
      var held = gateway.start(upstreams.newUser(), "+86 13800001003"); // token pair held
      var heldToken = verified(gateway, upstreams, held, secrets);
      var written = gateway.start(upstreams.newUser(), "+86 13800001004"); // CloudBase takes the write
      var writtenToken = verified(gateway, upstreams, written, secrets);
      var refused = gateway.start(upstreams.newUser(), "+86 13800001005"); // CloudBase fails the write
      var refusedToken = verified(gateway, upstreams, refused, secrets);
      List.of(first, pending, held, written, refused).forEach(flow -> secrets.addAll(List.of(flow.sudoToken(), flow.verificationId(),
          flow.user().accessToken(), flow.user().password(), flow.e164())));
      upstreams.cloudBase.stubFor(upstreams.editOf(written.user()).willReturn(slowly(200, 1500)));
      upstreams.cloudBase.stubFor(upstreams.editOf(refused.user()).willReturn(slowly(503, 1500)));

      // two binds are at CloudBase (their tokens already taken in Redis) when Redis is killed
      var writtenKey = "outage-" + UUID.randomUUID();
      var writtenBind = CompletableFuture
          .supplyAsync(() -> gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken, writtenKey));
      var refusedBind = CompletableFuture
          .supplyAsync(() -> gateway.bind(refused.user(), refused.sudoToken(), refused.phone(), refusedToken));
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> upstreams.editsFor(written.user()) == 1 && upstreams.editsFor(refused.user()) == 1);
      redis.kill();
      var killedAt = System.nanoTime();

      // during the outage: every step that needs Redis answers 503 unavailable, fast; readiness is DOWN; liveness is not
      var answers = new ArrayList<Answer>();
      var readinessDown = -1L;
      var pendingCode = upstreams.lastCode(pending.e164());
      while (System.nanoTime() - killedAt < 3_000_000_000L) {
        answers.add(gateway.sudo(first.user()));
        answers.add(gateway.sendCode(pending.user(), "+86 13800001006"));
        answers.add(gateway.verify(pending.verificationId(), pendingCode));
        answers.add(gateway.bind(held.user(), held.sudoToken(), held.phone(), heldToken));
        var ready = gateway.get("/q/health/ready");
        answers.add(ready);
        if (readinessDown < 0 && ready.status() == 503) {
          readinessDown = (System.nanoTime() - killedAt) / 1_000_000;
        }
        Thread.sleep(50);
      }
      assertThat(gateway.get("/q/health/live").status()).as("liveness does not depend on Redis").isEqualTo(200);
      assertThat(answers).allSatisfy(answer -> {
        assertThat(answer.status()).as("answer during the outage: %s", answer.body()).isEqualTo(503);
        assertThat(answer.millis()).as("latency during the outage").isLessThanOrEqualTo(FAIL_FAST_MILLIS);
      });
      assertThat(answers).filteredOn(answer -> !answer.body().contains("\"checks\"")).allSatisfy(answer -> {
        assertThat(answer.json().getString("error")).isEqualTo("unavailable");
        assertThat(answer.json().getInteger("error_code")).isEqualTo(5030);
        assertThat(answer.json().getString("error_description")).isNotBlank();
      });
      var maxOutageMillis = answers.stream().mapToLong(Answer::millis).max().orElseThrow();

      // the bind CloudBase took is reported as done; the one it refused says it must be redone
      var writtenAnswer = writtenBind.get();
      var refusedAnswer = refusedBind.get();
      assertThat(writtenAnswer.status()).as("bind written at CloudBase while Redis died: %s", writtenAnswer.body()).isEqualTo(200);
      assertThat(refusedAnswer.status()).as("bind refused by CloudBase while Redis died: %s", refusedAnswer.body()).isEqualTo(503);
      assertThat(refusedAnswer.json().getString("error_description")).contains("not bound").contains("new code");

      // Redis comes back on the same port: the first flow step succeeds within 5 s, readiness is UP again
      var restartedAt = System.nanoTime();
      redis.restart();
      Answer recovered;
      do {
        recovered = gateway.sudo(first.user());
        if (recovered.status() != 200) {
          Thread.sleep(20);
        }
      } while (recovered.status() != 200 && System.nanoTime() - restartedAt < 3 * RECOVERY_MILLIS * 1_000_000);
      var recoveryMillis = (System.nanoTime() - restartedAt) / 1_000_000;
      assertThat(recovered.status()).as("a flow step after Redis came back: %s", recovered.body()).isEqualTo(200);
      assertThat(recoveryMillis).as("recovery time").isLessThanOrEqualTo(RECOVERY_MILLIS);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/q/health/ready").status() == 200);
      var readinessUpMillis = (System.nanoTime() - restartedAt) / 1_000_000;

      // the flow started before the outage completes (its code, sudo grant and counters came back from the AOF)
      var pendingToken = ok(gateway.verify(pending.verificationId(), pendingCode)).json().getString("verification_token");
      secrets.add(pendingToken);
      ok(gateway.bind(pending.user(), pending.sudoToken(), pending.phone(), pendingToken));
      assertThat(upstreams.editsFor(pending.user())).isEqualTo(1);

      // the bind refused during the outage took nothing: its token pair still works, once
      assertThat(upstreams.editsFor(held.user())).isZero();
      ok(gateway.bind(held.user(), held.sudoToken(), held.phone(), heldToken));
      assertThat(upstreams.editsFor(held.user())).isEqualTo(1);

      // the bind CloudBase took happened exactly once: its token is spent, a replay (with or without its key) writes nothing
      var keyed = gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken, writtenKey);
      assertThat(keyed.status()).as("replay with the Idempotency-Key: %s", keyed.body()).isIn(400, 409);
      var replay = gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken);
      assertThat(replay.status()).isEqualTo(400);
      assertThat(replay.json().getString("error")).isEqualTo("invalid_grant");
      assertThat(upstreams.editsFor(written.user())).isEqualTo(1);

      // the bind CloudBase refused happened not at all, and is redone with a new code as its answer said
      var stale = gateway.bind(refused.user(), refused.sudoToken(), refused.phone(), refusedToken);
      assertThat(stale.json().getString("error")).isEqualTo("invalid_grant");
      assertThat(upstreams.editsFor(refused.user())).isEqualTo(1);
      upstreams.cloudBase.stubFor(upstreams.editOf(refused.user()).willReturn(slowly(200, 0)));
      var again = ok(gateway.sendCode(refused.user(), refused.phone())).json().getString("verification_id");
      var againCode = upstreams.lastCode(refused.e164());
      var againToken = ok(gateway.verify(again, againCode)).json().getString("verification_token");
      secrets.addAll(List.of(again, againToken, againCode));
      ok(gateway.bind(refused.user(), refused.sudoToken(), refused.phone(), againToken));
      assertThat(upstreams.editsFor(refused.user())).isEqualTo(2);

      GatewayClient.assertLogHoldsNone(app.output(), secrets);
      System.out.printf("RedisOutageIT: frozen Redis: 3 answers in %d ms, max %d ms; killed Redis: %d answers, max %d ms, readiness DOWN "
          + "after %d ms; first successful step %d ms after restarting redis-server; readiness UP after %d ms%n",
          frozenMillis, maxFrozenMillis, answers.size(), maxOutageMillis, readinessDown, recoveryMillis, readinessUpMillis);
    }
  }

  /** Verifies the flow's code (from the SMS WireMock received) and returns its verification token. */
  private static String verified(GatewayClient gateway, ProdUpstreams upstreams, Started flow, List<String> secrets) {
    var code = upstreams.lastCode(flow.e164());
    var token = ok(gateway.verify(flow.verificationId(), code)).json().getString("verification_token");
    secrets.add(code);
    secrets.add(token);
    return token;
  }
}
