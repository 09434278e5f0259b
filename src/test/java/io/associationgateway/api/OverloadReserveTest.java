package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * The overload gate's reserve: past {@code max-in-flight} minus {@code reserve-percent}, new callers are refused and
 * callers answered lately (the next steps of their flows) still get in, up to {@code max-in-flight}.
 */
@QuarkusTest
@TestProfile(OverloadReserveTest.FourWithHalfReserved.class)
class OverloadReserveTest extends GatewayTest {

  static final int LIMIT = 4;
  /** 50 % of 4 kept for flows under way: new callers get in while fewer than 2 requests run. */
  static final int NEW_LIMIT = 2;

  /** Small enough to reach with a few slow requests. */
  public static class FourWithHalfReserved implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.overload.max-in-flight", String.valueOf(LIMIT), "gateway.overload.reserve-percent", "50");
    }
  }

  @TestHTTPResource("/")
  URI base;

  private final List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();

  @AfterEach
  void slowRequestsEndWell() {
    assertThat(this.slow).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
  }

  @Test
  void newCallersAreTurnedAwayWhileFlowsUnderWayGoOn() throws Exception {
    var inFlow = newUser();
    sudo(inFlow);
    var newcomer = newUser();
    this.slow.addAll(holdSlots(this.base, NEW_LIMIT, null, 8000));
    var upstreamCalls = this.upstreams.cloudBase().findAll(anyRequestedFor(anyUrl())).size();
    var redisBefore = redisContents();
    var refusedBefore = metric("gateway_overload_refused_total");
    var inFlowRefusedBefore = metric("gateway_overload_refused_in_flow_total");

    // a caller this replica has not served is refused, nothing spent
    sudoRequest(newcomer).then().statusCode(503).header("Retry-After", "1")
        .body("error", Matchers.equalTo("unavailable")).body("details.kind", Matchers.equalTo("overloaded"));
    assertThat(this.upstreams.cloudBase().findAll(anyRequestedFor(anyUrl()))).hasSize(upstreamCalls);
    assertThat(redisContents()).containsExactlyInAnyOrderElementsOf(redisBefore);
    assertThat(metric("gateway_overload_refused_total")).isEqualTo(refusedBefore + 1);
    assertThat(metric("gateway_overload_refused_in_flow_total")).isEqualTo(inFlowRefusedBefore);

    // the caller answered a moment ago goes on to its next step
    assertThat(sudo(inFlow)).isNotBlank();
    // CORS preflights are answered before the gate, whatever the load
    given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
        .options("/auth/v1/user/sudo").then().statusCode(200)
        .header("Access-Control-Allow-Origin", "https://app.example.com");
    assertThat(metric("gateway_overload_refused_total")).isEqualTo(refusedBefore + 1);
  }

  @Test
  void theReserveEndsAtMaxInFlight() throws Exception {
    var inFlow = newUser();
    sudo(inFlow);
    this.slow.addAll(holdSlots(this.base, NEW_LIMIT, null, 8000));
    // the reserve fills with the flow's own requests
    this.slow.addAll(holdSlots(this.base, LIMIT - NEW_LIMIT, inFlow, 8000));
    var inFlowRefusedBefore = metric("gateway_overload_refused_in_flow_total");

    sudoRequest(inFlow).then().statusCode(503).body("details.kind", Matchers.equalTo("overloaded"));
    assertThat(metric("gateway_overload_refused_in_flow_total")).isEqualTo(inFlowRefusedBefore + 1);
  }

  @Test
  void theSdksDeviceIdCarriesTheFlowThroughItsCallsWithoutBearer() throws Exception {
    var inFlow = newUser();
    // the SDK sends x-device-id on every call, and verify without a bearer
    as(inFlow).header("x-device-id", "device-of-" + inFlow.id())
        .body(new JsonObject().put("password", inFlow.password()).encode()).post("/auth/v1/user/sudo")
        .then().statusCode(200);
    this.slow.addAll(holdSlots(this.base, NEW_LIMIT, null, 8000));

    // an id that is not the gateway's goes to CloudBase: the call was let in
    verifyFrom("device-of-" + inFlow.id()).then().statusCode(Matchers.not(503));
    assertThat(this.upstreams.cloudBase().findAll(postRequestedFor(urlEqualTo("/auth/v1/verification/verify")))).hasSize(1);
    // the same call from another device is a new caller, refused before anything is sent on
    verifyFrom("another-device").then().statusCode(503).body("details.kind", Matchers.equalTo("overloaded"));
    assertThat(this.upstreams.cloudBase().findAll(postRequestedFor(urlEqualTo("/auth/v1/verification/verify")))).hasSize(1);
  }

  private static io.restassured.response.Response verifyFrom(String device) {
    return given().header("x-device-id", device).contentType(ContentType.JSON)
        .body(new JsonObject().put("verification_id", "cloudbase-own-id").put("verification_code", "123456").encode())
        .post("/auth/v1/verification/verify");
  }

  @Test
  void aCallerWhoseRequestFailedIsNotInAFlow() throws Exception {
    var wrong = newUser();
    as(wrong).body(new JsonObject().put("password", "not-" + wrong.password()).encode()).post("/auth/v1/user/sudo")
        .then().statusCode(400);
    this.slow.addAll(holdSlots(this.base, NEW_LIMIT, null, 8000));

    sudoRequest(wrong).then().statusCode(503).body("details.kind", Matchers.equalTo("overloaded"));
  }

  private io.restassured.response.Response sudoRequest(User user) {
    return as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo");
  }
}
