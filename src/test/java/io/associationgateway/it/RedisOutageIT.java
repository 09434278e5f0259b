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

  private final List<String> secrets = new ArrayList<>();
  private AofRedis redis;
  private ProdUpstreams upstreams;
  private GatewayClient gateway;

  /** Flows left at different steps when Redis dies, and the verification tokens they hold. */
  private Started first;
  private Started pending;
  private Started held;
  private Started written;
  private Started refused;
  private String heldToken;
  private String writtenToken;
  private String refusedToken;
  /** The Idempotency-Key of the bind CloudBase takes while Redis dies. */
  private final String writtenKey = "outage-" + UUID.randomUUID();
  private CompletableFuture<Answer> writtenBind;
  private CompletableFuture<Answer> refusedBind;
  private String pendingCode;

  /** The figures printed at the end (the README quotes them). */
  private long frozenMillis;
  private long maxFrozenMillis;
  private int outageAnswers;
  private long maxOutageMillis;
  private long readinessDownMillis = -1;
  private long recoveryMillis;
  private long readinessUpMillis;

  @Test
  void redisOutageFailsFastRecoversAndLeavesNothingHalfApplied() throws Exception {
    try (var aof = AofRedis.start();
        var stands = new ProdUpstreams();
        var app = PackagedApp.start(stands.gatewayConfig(aof.hosts()))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway ready:\n%s", app.output()).isTrue();
      redis = aof;
      upstreams = stands;
      gateway = new GatewayClient(app);
      aWholeFlowWorksBeforeTheOutage();
      aFrozenRedisIsAnswered503WithinTheDeadline();
      flowsAreLeftAtEveryStep();
      twoBindsAreAtCloudBaseWhenRedisIsKilled();
      duringTheOutageEveryStepAnswers503FastAndReadinessIsDown();
      theBindCloudBaseTookIsReportedDoneAndTheRefusedOneMustBeRedone();
      redisComesBackAndTheFirstFlowStepSucceedsWithinRecoveryTime();
      theFlowStartedBeforeTheOutageCompletes();
      theBindRefusedDuringTheOutageTookNothingAndItsTokenPairWorksOnce();
      theBindCloudBaseTookHappenedExactlyOnce();
      theBindCloudBaseRefusedHappenedNotAtAllAndIsRedoneWithANewCode();
      GatewayClient.assertLogHoldsNone(app.output(), secrets);
      System.out.printf("RedisOutageIT: frozen Redis: 3 answers in %d ms, max %d ms; killed Redis: %d answers, max %d ms, readiness DOWN "
          + "after %d ms; first successful step %d ms after restarting redis-server; readiness UP after %d ms%n",
          frozenMillis, maxFrozenMillis, outageAnswers, maxOutageMillis, readinessDownMillis, recoveryMillis, readinessUpMillis);
    }
  }

  private void aWholeFlowWorksBeforeTheOutage() {
    first = gateway.start(upstreams.newUser(), "+86 13800001001");
    ok(gateway.bind(first.user(), first.sudoToken(), first.phone(), verified(first)));
    assertThat(upstreams.editsFor(first.user())).isEqualTo(1);
  }

  /** Redis frozen (SIGSTOP: connections open, no answers, like a network that drops packets): answers within the deadline. */
  private void aFrozenRedisIsAnswered503WithinTheDeadline() throws Exception {
    redis.freeze();
    var frozenAt = System.nanoTime();
    var frozen = new ArrayList<Answer>();
    frozen.add(gateway.sudo(first.user()));
    frozen.add(gateway.verify("gwv_0a1unknown-but-well-formed-id", "123456"));
    frozen.add(gateway.get("/q/health/ready"));
    frozenMillis = (System.nanoTime() - frozenAt) / 1_000_000;
    redis.thaw();
    assertThat(frozen).allSatisfy(answer -> {
      assertThat(answer.status()).as("answer while Redis is frozen: %s", answer.body()).isEqualTo(503);
      assertThat(answer.millis()).as("latency while Redis is frozen").isLessThanOrEqualTo(FAIL_FAST_MILLIS);
    });
    assertThat(frozen.get(0).json().getString("error")).isEqualTo("unavailable");
    maxFrozenMillis = frozen.stream().mapToLong(Answer::millis).max().orElseThrow();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/q/health/ready").status() == 200);
  }

  /** Flows at different steps when Redis dies: code sent; token pair held; CloudBase takes the write; CloudBase fails it. */
  private void flowsAreLeftAtEveryStep() {
    pending = gateway.start(upstreams.newUser(), "+86 13800001002");
    held = gateway.start(upstreams.newUser(), "+86 13800001003");
    heldToken = verified(held);
    written = gateway.start(upstreams.newUser(), "+86 13800001004");
    writtenToken = verified(written);
    refused = gateway.start(upstreams.newUser(), "+86 13800001005");
    refusedToken = verified(refused);
    List.of(first, pending, held, written, refused).forEach(flow -> secrets.addAll(List.of(flow.sudoToken(), flow.verificationId(),
        flow.user().accessToken(), flow.user().password(), flow.e164())));
    upstreams.cloudBase.stubFor(upstreams.editOf(written.user()).willReturn(slowly(200, 1500)));
    upstreams.cloudBase.stubFor(upstreams.editOf(refused.user()).willReturn(slowly(503, 1500)));
  }

  /** Two binds are at CloudBase (their tokens already taken in Redis) when Redis is killed. */
  private void twoBindsAreAtCloudBaseWhenRedisIsKilled() throws InterruptedException {
    writtenBind = CompletableFuture
        .supplyAsync(() -> gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken, writtenKey));
    refusedBind = CompletableFuture
        .supplyAsync(() -> gateway.bind(refused.user(), refused.sudoToken(), refused.phone(), refusedToken));
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> upstreams.editsFor(written.user()) == 1 && upstreams.editsFor(refused.user()) == 1);
    redis.kill();
  }

  /** During the outage every step that needs Redis answers 503 unavailable, fast; readiness is DOWN; liveness is not. */
  private void duringTheOutageEveryStepAnswers503FastAndReadinessIsDown() throws Exception {
    var killedAt = System.nanoTime();
    var answers = new ArrayList<Answer>();
    pendingCode = upstreams.lastCode(pending.e164());
    while (System.nanoTime() - killedAt < 3_000_000_000L) {
      answers.add(gateway.sudo(first.user()));
      answers.add(gateway.sendCode(pending.user(), "+86 13800001006"));
      answers.add(gateway.verify(pending.verificationId(), pendingCode));
      answers.add(gateway.bind(held.user(), held.sudoToken(), held.phone(), heldToken));
      var ready = gateway.get("/q/health/ready");
      answers.add(ready);
      if (readinessDownMillis < 0 && ready.status() == 503) {
        readinessDownMillis = (System.nanoTime() - killedAt) / 1_000_000;
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
    outageAnswers = answers.size();
    maxOutageMillis = answers.stream().mapToLong(Answer::millis).max().orElseThrow();
  }

  /** The bind CloudBase took is reported as done; the one it refused says it must be redone. */
  private void theBindCloudBaseTookIsReportedDoneAndTheRefusedOneMustBeRedone() throws Exception {
    var writtenAnswer = writtenBind.get();
    var refusedAnswer = refusedBind.get();
    assertThat(writtenAnswer.status()).as("bind written at CloudBase while Redis died: %s", writtenAnswer.body()).isEqualTo(200);
    assertThat(refusedAnswer.status()).as("bind refused by CloudBase while Redis died: %s", refusedAnswer.body()).isEqualTo(503);
    assertThat(refusedAnswer.json().getString("error_description")).contains("not bound").contains("new code");
  }

  /** Redis comes back on the same port: the first flow step succeeds within 5 s, readiness is UP again. */
  private void redisComesBackAndTheFirstFlowStepSucceedsWithinRecoveryTime() throws Exception {
    var restartedAt = System.nanoTime();
    redis.restart();
    Answer recovered;
    do {
      recovered = gateway.sudo(first.user());
      if (recovered.status() != 200) {
        Thread.sleep(20);
      }
    } while (recovered.status() != 200 && System.nanoTime() - restartedAt < 3 * RECOVERY_MILLIS * 1_000_000);
    recoveryMillis = (System.nanoTime() - restartedAt) / 1_000_000;
    assertThat(recovered.status()).as("a flow step after Redis came back: %s", recovered.body()).isEqualTo(200);
    assertThat(recoveryMillis).as("recovery time").isLessThanOrEqualTo(RECOVERY_MILLIS);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/q/health/ready").status() == 200);
    readinessUpMillis = (System.nanoTime() - restartedAt) / 1_000_000;
  }

  /** The flow started before the outage completes (its code, sudo grant and counters came back from the AOF). */
  private void theFlowStartedBeforeTheOutageCompletes() {
    var pendingToken = ok(gateway.verify(pending.verificationId(), pendingCode)).json().getString("verification_token");
    secrets.add(pendingToken);
    ok(gateway.bind(pending.user(), pending.sudoToken(), pending.phone(), pendingToken));
    assertThat(upstreams.editsFor(pending.user())).isEqualTo(1);
  }

  private void theBindRefusedDuringTheOutageTookNothingAndItsTokenPairWorksOnce() {
    assertThat(upstreams.editsFor(held.user())).isZero();
    ok(gateway.bind(held.user(), held.sudoToken(), held.phone(), heldToken));
    assertThat(upstreams.editsFor(held.user())).isEqualTo(1);
  }

  /** Its token is spent: a replay (with or without its Idempotency-Key) writes nothing. */
  private void theBindCloudBaseTookHappenedExactlyOnce() {
    var keyed = gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken, writtenKey);
    assertThat(keyed.status()).as("replay with the Idempotency-Key: %s", keyed.body()).isIn(400, 409);
    var replay = gateway.bind(written.user(), written.sudoToken(), written.phone(), writtenToken);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.json().getString("error")).isEqualTo("invalid_grant");
    assertThat(upstreams.editsFor(written.user())).isEqualTo(1);
  }

  /** Its token is spent too, and the bind is redone with a new code, as its answer said. */
  private void theBindCloudBaseRefusedHappenedNotAtAllAndIsRedoneWithANewCode() {
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
  }

  /** Verifies the flow's code (from the SMS WireMock received) and returns its verification token. */
  private String verified(Started flow) {
    var code = upstreams.lastCode(flow.e164());
    var token = ok(gateway.verify(flow.verificationId(), code)).json().getString("verification_token");
    secrets.add(code);
    secrets.add(token);
    return token;
  }
}
