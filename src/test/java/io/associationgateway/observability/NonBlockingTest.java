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
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Nothing blocks an event loop: concurrent flows through every step, with slow upstreams, while Vert.x's blocked-thread
 * checker runs with a 100 ms limit (instead of 2 s); any warning fails the test.
 */
@QuarkusTest
@TestProfile(NonBlockingTest.StrictEventLoops.class)
class NonBlockingTest extends GatewayTest {

  /** Event-loop tasks over 100 ms are reported. */
  public static class StrictEventLoops implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.vertx.max-event-loop-execute-time", "100ms");
    }
  }

  @TestHTTPResource("/")
  URI base;

  private final LogCapture blockedThreads = new LogCapture("io.vertx.core.impl.BlockedThreadChecker");

  @BeforeEach
  void listen() {
    this.blockedThreads.attach();
  }

  @AfterEach
  void stopListening() {
    this.blockedThreads.detach();
  }

  @Test
  void concurrentFlowsWithSlowUpstreamsNeverBlockAnEventLoop() throws Exception {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(okJson("{}").withFixedDelay(150)));
    var client = HttpClient.newHttpClient();
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
    assertThat(this.blockedThreads.messages()).as("Vert.x blocked-thread warnings").isEmpty();
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
