package io.associationgateway.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

/** {@code http_server_requests_seconds} measures the API, not the probes and scrapes under {@code /q}. */
@QuarkusTest
class HttpMetricsTest extends GatewayTest {

  @Test
  void probesAndScrapesAreNotMeasuredTheApiIs() {
    sudo(newUser());
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    var series = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
        .filter(line -> line.startsWith("http_server_requests_seconds_count")).toList();
    assertThat(series).anySatisfy(line -> assertThat(line).contains("uri=\"/auth/v1/user/sudo\""));
    assertThat(series).noneSatisfy(line -> assertThat(line).contains("uri=\"/q"));
  }
}
