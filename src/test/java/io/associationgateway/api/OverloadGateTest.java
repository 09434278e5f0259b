package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Load shedding: with {@code gateway.overload.max-in-flight} requests running, the next one is refused at once with a
 * typed 503 and nothing is spent; health keeps answering; slots come back when requests end or clients go away.
 */
@QuarkusTest
@TestProfile(OverloadGateTest.ThreeInFlight.class)
class OverloadGateTest extends GatewayTest {

  static final int LIMIT = 3;

  /** A limit small enough to reach with a few slow requests. */
  public static class ThreeInFlight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.overload.max-in-flight", String.valueOf(LIMIT));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  void theRequestOverTheLimitIsRefusedAtOnceAndSpendsNothing() throws Exception {
    var user = newUser();
    // long enough that the three are still running however slowly the checks below go on a loaded machine
    var slow = holdSlots(this.base, LIMIT, null, 8000);
    var redisBefore = redisContents();
    var refusedBefore = metric("gateway_overload_refused_total");

    as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo")
        .then().statusCode(503).header("Retry-After", "1")
        .body("error", Matchers.equalTo("unavailable")).body("error_code", Matchers.equalTo(5030))
        .body("details.scope", Matchers.equalTo("gateway")).body("details.kind", Matchers.equalTo("overloaded"))
        .body("details.retry_after_s", Matchers.equalTo(1));
    // refused without waiting for a slot: it is answered while the three slow requests still hold theirs

    // nothing was read or spent: no CloudBase call beyond the three slow ones, Redis untouched
    assertThat(this.upstreams.cloudBase().findAll(anyRequestedFor(anyUrl()))).hasSize(LIMIT);
    assertThat(redisContents()).containsExactlyInAnyOrderElementsOf(redisBefore);
    // probes and metrics are never shed
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(metric("gateway_overload_refused_total")).isEqualTo(refusedBefore + 1);
    assertThat(metric("gateway_http_in_flight")).isEqualTo(LIMIT);

    assertThat(slow).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
    // the slots are back: the same request now goes through
    assertThat(sudo(user)).isNotBlank();
    var deadline = System.nanoTime() + 1_000_000_000L;
    while (metric("gateway_http_in_flight") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metric("gateway_http_in_flight")).as("no slot leaks").isZero();
  }

  @Test
  void aBrowserCanReadTheRefusal() throws Exception {
    var user = newUser();
    var slow = holdSlots(this.base, LIMIT, null, 8000);
    try {
      // a page on an allowed origin reads the refusal instead of a CORS failure
      browserReadsRefusal(user).body("details.kind", Matchers.equalTo("overloaded"));
    } finally {
      // the next test needs the slots: wait for the slow requests whatever happened above
      assertThat(slow).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
    }
  }

  @Test
  void aClientThatGoesAwayGivesItsSlotBack() throws Exception {
    var user = newUser();
    slowProfile(5000);
    var sockets = new ArrayList<Socket>();
    for (int i = 0; i < LIMIT; i++) {
      var socket = new Socket(this.base.getHost(), this.base.getPort());
      OutputStream out = socket.getOutputStream();
      out.write(("GET /auth/v1/user/profile HTTP/1.1\r\nHost: " + this.base.getHost() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      sockets.add(socket);
    }
    awaitProfileCalls(LIMIT);
    as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo").then().statusCode(503);

    for (var socket : sockets) {
      socket.close();
    }
    // well before the upstream answers (5 s), the gateway has noticed the closed connections
    var deadline = System.nanoTime() + 2_000_000_000L;
    int status;
    do {
      Thread.sleep(50);
      status = as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo").statusCode();
    } while (status == 503 && System.nanoTime() < deadline);
    assertThat(status).isEqualTo(200);
  }
}
