package io.associationgateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.associationgateway.it.GatewayClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.associationgateway.it.GatewayClient.Started;
import io.vertx.core.json.JsonObject;

/**
 * Two packaged gateways on one Redis and the same WireMock upstreams: a flow's steps may land on either replica, and a
 * replica killed mid-flow (SIGKILL, after the code was sent) leaves nothing behind that the other cannot finish. Each
 * flow writes at CloudBase once and sends one SMS; each webhook event is delivered once.
 */
class TwoReplicasIT {

  private static final int ALTERNATING_FLOWS = 6;
  private static final int FLOWS_ACROSS_THE_KILL = 3;

  private final WireMockServer hooks = new WireMockServer(options().dynamicPort());
  private final ExecutorService pool = Executors.newFixedThreadPool(ALTERNATING_FLOWS);
  private final List<String> secrets = Collections.synchronizedList(new ArrayList<String>());
  /** Every flow that completed, on whichever replicas. */
  private final List<Started> flows = Collections.synchronizedList(new ArrayList<Started>());
  private ProdUpstreams upstreams;
  private GatewayClient onA;
  private GatewayClient onB;

  @Test
  void flowsAlternateBetweenReplicasAndSurviveTheLossOfOne() throws Exception {
    hooks.start();
    hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    try (var redis = AofRedis.start(); var stands = new ProdUpstreams()) {
      upstreams = stands;
      var config = configWithWebhooks(redis.hosts());
      try (var a = PackagedApp.start(config); var b = PackagedApp.start(config)) {
        assertThat(a.awaitReady(Duration.ofSeconds(60))).as("replica A ready:\n%s", a.output()).isTrue();
        assertThat(b.awaitReady(Duration.ofSeconds(60))).as("replica B ready:\n%s", b.output()).isTrue();
        onA = new GatewayClient(a);
        onB = new GatewayClient(b);
        concurrentFlowsAlternateTheirStepsBetweenTheReplicas();
        var started = flowsSendTheirCodeThroughB();
        everyEventSoFarReachedTheReceiver();
        b.kill();
        aFinishesTheFlowsBStarted(started);
        eachFlowWroteAtCloudBaseOnceAndSentOneSms();
        var events = eachWebhookEventIsDeliveredOnce();
        GatewayClient.assertLogHoldsNone(a.output() + b.output(), secrets);
        System.out.printf("TwoReplicasIT: %d alternating flows and %d flows finished on A after B was killed; %d CloudBase writes, "
            + "%d SMS, %d webhook events each delivered once%n", ALTERNATING_FLOWS, FLOWS_ACROSS_THE_KILL, flows.size(),
            upstreams.sms.findAll(postRequestedFor(urlEqualTo("/"))).size(), events);
      }
    } finally {
      pool.shutdownNow();
      hooks.stop();
    }
  }

  private List<String> configWithWebhooks(String redisHosts) {
    var config = upstreams.gatewayConfig(redisHosts);
    config.addAll(List.of("-Dgateway.webhooks.endpoints=http://127.0.0.1:" + hooks.port() + "/hook",
        "-Dgateway.webhooks.secret=webhook-secret-for-the-replica-test-0123", "-Dgateway.webhooks.allow-http=true"));
    return config;
  }

  /** Concurrent flows, each alternating: sudo on A, send on B, verify on A, bind on B. */
  private void concurrentFlowsAlternateTheirStepsBetweenTheReplicas() throws Exception {
    var alternating = new ArrayList<CompletableFuture<Void>>();
    for (int i = 0; i < ALTERNATING_FLOWS; i++) {
      var phone = "+86 1380000" + (2100 + i);
      alternating.add(run(pool, () -> {
        var user = upstreams.newUser();
        var sudo = ok(onA.sudo(user)).json().getString("sudo_token");
        var id = ok(onB.sendCode(user, phone)).json().getString("verification_id");
        var flow = new Started(user, phone, sudo, id);
        var code = upstreams.lastCode(flow.e164());
        var token = ok(onA.verify(id, code)).json().getString("verification_token");
        ok(onB.bind(user, sudo, phone, token));
        flows.add(flow);
        secrets.addAll(List.of(code, token, sudo, id, user.accessToken(), user.password(), flow.e164()));
        return null;
      }));
    }
    CompletableFuture.allOf(alternating.toArray(CompletableFuture[]::new)).get();
  }

  /** Flows that take their sudo grant on A and send their code through B, which will be killed before they verify. */
  private List<Started> flowsSendTheirCodeThroughB() throws Exception {
    var acrossTheKill = new ArrayList<CompletableFuture<Started>>();
    for (int i = 0; i < FLOWS_ACROSS_THE_KILL; i++) {
      var phone = "+86 1380000" + (2200 + i);
      acrossTheKill.add(run(pool, () -> {
        var user = upstreams.newUser();
        var sudo = ok(onA.sudo(user)).json().getString("sudo_token");
        var id = ok(onB.sendCode(user, phone)).json().getString("verification_id");
        return new Started(user, phone, sudo, id);
      }));
    }
    var started = new ArrayList<Started>();
    for (var flow : acrossTheKill) {
      started.add(flow.get());
    }
    return started;
  }

  /** Every event so far has reached the receiver (and been acknowledged) before B dies, so none is left pending on B. */
  private void everyEventSoFarReachedTheReceiver() throws InterruptedException {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events(hooks).stream()
        .filter(event -> "code.send".equals(event.getString("type"))).count() == ALTERNATING_FLOWS + FLOWS_ACROSS_THE_KILL);
    Thread.sleep(500);
  }

  /** With B gone, A finishes the flows B started, with the same verification ids and sudo tokens. */
  private void aFinishesTheFlowsBStarted(List<Started> started) throws Exception {
    var finishing = new ArrayList<CompletableFuture<Void>>();
    for (var flow : started) {
      finishing.add(run(pool, () -> {
        var code = upstreams.lastCode(flow.e164());
        var token = ok(onA.verify(flow.verificationId(), code)).json().getString("verification_token");
        ok(onA.bind(flow.user(), flow.sudoToken(), flow.phone(), token));
        secrets.addAll(List.of(code, token, flow.sudoToken(), flow.verificationId(), flow.user().accessToken(), flow.user().password(),
            flow.e164()));
        return null;
      }));
    }
    CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get();
    flows.addAll(started);
  }

  private void eachFlowWroteAtCloudBaseOnceAndSentOneSms() {
    assertThat(flows).hasSize(ALTERNATING_FLOWS + FLOWS_ACROSS_THE_KILL);
    assertThat(flows).allSatisfy(flow -> {
      assertThat(upstreams.editsFor(flow.user())).as("CloudBase writes for one flow").isEqualTo(1);
      assertThat(upstreams.smsTo(flow.e164())).as("SMS for one flow").isEqualTo(1);
    });
    assertThat(upstreams.cloudBase.findAll(postRequestedFor(urlEqualTo(ProdUpstreams.EDIT)))).hasSize(flows.size());
  }

  /** The webhook outbox, consumed by both replicas, delivers every bind once and no event twice; returns the number of events. */
  private int eachWebhookEventIsDeliveredOnce() throws InterruptedException {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events(hooks).stream()
        .filter(event -> "bind".equals(event.getString("type")) && "bound".equals(event.getString("outcome"))).count() == flows.size());
    Thread.sleep(1_000);
    var deliveries = new HashMap<String, Integer>();
    events(hooks).forEach(event -> deliveries.merge(event.getString("id"), 1, Integer::sum));
    assertThat(deliveries).as("deliveries per event id").allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    return deliveries.size();
  }

  private static List<JsonObject> events(WireMockServer hooks) {
    return hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream().map(request -> new JsonObject(request.getBodyAsString())).toList();
  }

  private static <T> CompletableFuture<T> run(ExecutorService pool, Supplier<T> step) {
    return CompletableFuture.supplyAsync(step, pool);
  }
}
