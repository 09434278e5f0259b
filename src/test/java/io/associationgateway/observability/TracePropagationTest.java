package io.associationgateway.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With tracing on, W3C trace context reaches CloudBase (API calls and pass-through) and the SMS provider. */
@QuarkusTest
@TestProfile(TracePropagationTest.Tracing.class)
class TracePropagationTest extends GatewayTest {

  /** Tracing on, nothing exported. */
  public static class Tracing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.traces.exporter", "none");
    }
  }

  @Test
  void everyUpstreamCallCarriesTraceparent() {
    var user = newUser();
    sudo(user);
    sendCode(user, "phone_number", "+86 13800000050");
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(okJson("{}")));
    given().get("/auth/v1/user/profile").then().statusCode(200);
    as(user).header("x-request-id", "req-42").body("{}").post("/auth/v1/user/sudo").then().statusCode(400).header("x-request-id", "req-42");

    var traceparent = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]";
    assertThat(this.upstreams.cloudBase().findAll(anyRequestedFor(urlPathMatching("/auth/v1/.*"))))
        .hasSizeGreaterThanOrEqualTo(3).allSatisfy(request -> assertThat(request.getHeader("traceparent")).matches(traceparent));
    assertThat(this.upstreams.sms().findAll(anyRequestedFor(urlPathMatching("/.*"))))
        .hasSize(1).allSatisfy(request -> assertThat(request.getHeader("traceparent")).matches(traceparent));
  }

  /** With tracing on, the latency histograms link to traces: OpenMetrics exemplars carry the request's trace id. */
  @Test
  void latencyHistogramsCarryTraceExemplars() {
    sudo(newUser());
    var metrics = given().accept("application/openmetrics-text; version=1.0.0; charset=utf-8").get("/q/metrics").then().statusCode(200)
        .extract().asString();
    assertThat(
        metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket") && line.contains("/auth/v1/user/sudo")))
        .anySatisfy(line -> assertThat(line).containsPattern("# \\{.*trace_id=\"[0-9a-f]{32}\""));
  }
}
