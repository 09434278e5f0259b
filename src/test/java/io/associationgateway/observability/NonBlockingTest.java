package io.associationgateway.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.BlockedThreadWarnings;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Nothing blocks an event loop: concurrent flows through every step, with every HTTP upstream answering after 300 ms,
 * while Vert.x's blocked-thread checker runs with a 100 ms limit (instead of 2 s) and logs the loop's stack with each
 * warning. A loop that waited for an upstream would be caught waiting (parked, sleeping, in a socket call), and that
 * fails the test; a loop caught running was only slow on a busy machine (a GC pause, the JIT), which is printed and
 * left to the benchmark suite.
 */
@QuarkusTest
@TestProfile(NonBlockingTest.StrictEventLoops.class)
class NonBlockingTest extends GatewayTest {

  /** Event-loop tasks over 100 ms are reported, each with the loop's stack. */
  public static class StrictEventLoops implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.vertx.max-event-loop-execute-time", "100ms", "quarkus.vertx.warning-exception-time", "1ms");
    }
  }

  /** Longer than the limit, so a loop waiting for an upstream is over it. */
  private static final int UPSTREAM_DELAY_MS = 300;

  @TestHTTPResource("/")
  URI base;

  private final BlockedThreadWarnings blockedThreads = new BlockedThreadWarnings();

  @BeforeEach
  void slowUpstreamsAndListen() {
    this.upstreams.cloudBase().setGlobalFixedDelay(UPSTREAM_DELAY_MS);
    this.upstreams.sms().setGlobalFixedDelay(UPSTREAM_DELAY_MS);
    this.blockedThreads.attach();
  }

  @AfterEach
  void stopListening() {
    this.blockedThreads.detach();
    this.upstreams.cloudBase().setGlobalFixedDelay(0);
    this.upstreams.sms().setGlobalFixedDelay(0);
  }

  @Test
  void concurrentFlowsWithSlowUpstreamsNeverBlockAnEventLoop() throws Exception {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(okJson("{}")));
    var client = HttpClient.newHttpClient();
    // the app has started and served no request yet (this profile is this class's alone)
    assertThat(otherRedisClients()).as("the gateway's Redis connection, opened at startup").isNotEmpty();
    warmUp(client);
    var flows = new ArrayList<CompletableFuture<Integer>>();
    // three rounds of ten concurrent flows (no wall-clock bound: timing belongs to the benchmark suite)
    for (var round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        flows.add(flow(client, round * 10 + i));
      }
      for (var flow : flows.subList(flows.size() - 10, flows.size())) {
        flow.join();
      }
    }
    assertThat(flows).hasSize(30).allSatisfy(flow -> assertThat(flow.join()).isEqualTo(200));
    Thread.sleep(1200);
    this.blockedThreads.all().stream().filter(warning -> !warning.waiting())
        .forEach(warning -> System.out.println("An event loop was slow but not waiting (not a failure): " + warning));
    assertThat(this.blockedThreads.waiting()).as("event loops caught waiting").isEmpty();
  }

  /**
   * One flow alone, before the checker is listened to: a first use creates the application's beans and builds shared
   * caches (Jackson's deserializers, for one) under their locks, and a loop that meets another loop doing that waits
   * once. What this test is after, a wait on every request, shows in every flow after this one.
   */
  private void warmUp(HttpClient client) {
    this.blockedThreads.detach();
    assertThat(flow(client, 99).join()).as("the warm-up flow's bind").isEqualTo(200);
    this.blockedThreads.attach();
  }

  /** Clients of Redis other than the connection asking (on a cluster, of the node asked). */
  private List<String> otherRedisClients() {
    return this.redis.execute("CLIENT", "LIST").toString().lines().filter(line -> !line.contains("cmd=client|list")).toList();
  }

  /** sudo, send, verify, bind, and a slow pass-through call; completes with the bind's status. */
  private CompletableFuture<Integer> flow(HttpClient client, int n) {
    var user = newUser();
    var phone = String.format("+86 1370000%04d", n);
    return send(client, user, "POST", "/auth/v1/user/sudo", new JsonObject().put("password", user.password()))
        .thenCompose(sudo -> send(client, user, "POST", "/auth/v1/verification", new JsonObject().put("phone_number", phone))
            .thenCompose(sent -> send(client, null, "POST", "/auth/v1/verification/verify", new JsonObject()
                .put("verification_id", sent.getString("verification_id")).put("verification_code", lastSmsCode(phone.replace(" ", "")))))
            .thenCompose(verified -> send(client, user, "PATCH", "/auth/v1/user/contact",
                new JsonObject().put("sudo_token", sudo.getString("sudo_token"))
                    .put("phone_number", phone).put("verification_token", verified.getString("verification_token")))))
        .thenCompose(bound -> send(client, null, "GET", "/auth/v1/user/profile", null).thenApply(ignored -> bound.getInteger("status")));
  }

  private CompletableFuture<JsonObject> send(HttpClient client, User user, String method, String path, JsonObject body) {
    var request = HttpRequest.newBuilder(this.base.resolve(path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (user != null) {
      request.header("Authorization", "Bearer " + user.accessToken());
    }
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      var answer = response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
      return answer.put("status", response.statusCode());
    });
  }
}
