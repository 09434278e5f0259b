package io.associationgateway.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With tracing off (the default), the Prometheus registry has no exemplar sampler: nothing looks for a span on every
 * timer sample, and the histograms carry no exemplars. {@link TracePropagationTest} shows them with tracing on.
 */
@QuarkusTest
class ExemplarsOffTest extends GatewayTest {

  @Inject
  Optional<ExemplarSampler> sampler;

  @Test
  void withTracingOffNoExemplarSamplerRunsAndNoExemplarIsServed() {
    assertThat(this.sampler).isEmpty();
    sudo(newUser());
    var metrics = given().accept("application/openmetrics-text; version=1.0.0; charset=utf-8").get("/q/metrics").then().statusCode(200)
        .extract().asString();
    assertThat(metrics).contains("http_server_requests_seconds_bucket").doesNotContain("trace_id");
  }
}
