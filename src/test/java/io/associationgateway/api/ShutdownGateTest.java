package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A draining replica (SIGTERM received) refuses new requests, and a browser can read the refusal. The signal itself is
 * covered by {@code GracefulShutdownIT}; here the gate is switched on directly, so the answer can be checked in full.
 */
@QuarkusTest
class ShutdownGateTest extends GatewayTest {

  @Inject
  ShutdownGate gate;

  @Test
  void aDrainingReplicasRefusalIsReadableByABrowser() {
    var user = newUser();
    var upstreamCalls = this.upstreams.cloudBase().findAll(anyRequestedFor(anyUrl())).size();
    var redisBefore = redisContents();
    this.gate.drain(true);
    try {
      // the page's SDK reads the 503 and its Retry-After instead of failing on CORS; its preflight is answered
      browserReadsRefusal(user).header("Connection", "close").body("error_code", Matchers.equalTo(5030));
      // readiness says so too, so the load balancer stops sending
      given().get("/q/health/ready").then().statusCode(503);
    } finally {
      this.gate.drain(false);
    }
    // nothing was spent: no CloudBase call, Redis as it was
    assertThat(this.upstreams.cloudBase().findAll(anyRequestedFor(anyUrl()))).hasSize(upstreamCalls);
    assertThat(redisContents()).containsExactlyInAnyOrderElementsOf(redisBefore);
    // and the replica serves again once the gate is off
    assertThat(sudo(user)).isNotBlank();
  }
}
