package io.associationgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiTest extends GatewayTest {

  @Test
  void specDocumentsExactlyTheOwnedEndpointsWithTheirErrors() {
    var spec = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    Map<String, Map<String, Object>> paths = spec.getMap("paths");
    var documented = new TreeSet<String>();
    paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
      if (path.startsWith("/auth/v1")) {
        documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
      }
    }));
    var owned = new TreeSet<String>();
    Arrays.stream(OwnedEndpoint.values()).forEach(endpoint -> owned.add(endpoint.method().name() + " " + endpoint.path()));
    assertThat(documented).as("every JAX-RS endpoint is owned, so the pass-through leaves it alone").isEqualTo(owned);

    Map<String, Object> bindResponses = spec.getMap("paths.'/auth/v1/user/contact'.patch.responses");
    assertThat(bindResponses).containsKeys("200", "400", "401", "409", "413", "422", "502", "503", "504");
    Map<String, Object> sendResponses = spec.getMap("paths.'/auth/v1/verification'.post.responses");
    assertThat(sendResponses).containsKeys("200", "400", "401", "409", "422", "429");
    assertThat(spec.getList("paths.'/auth/v1/verification'.post.parameters.name", String.class)).contains("Idempotency-Key");
    assertThat(spec.getMap("components.schemas.ErrorDetails.properties")).containsKeys("scope", "kind", "retry_after_s", "attempts_left");
    assertThat(spec.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
    assertThat(spec.getMap("components.schemas.Error.properties")).containsKeys("error", "error_code", "error_description");
  }

  @Test
  void theCommittedSpecIsTheServedOne() throws Exception {
    var served = given().get("/q/openapi").then().statusCode(200).extract().asString();
    var committed = java.nio.file.Path.of("openapi/openapi.yaml");
    if (!java.nio.file.Files.exists(committed) || !java.nio.file.Files.readString(committed).equals(served)) {
      var fresh = java.nio.file.Path.of("target/openapi-served.yaml");
      java.nio.file.Files.writeString(fresh, served);
      org.assertj.core.api.Assertions.fail("openapi/openapi.yaml differs from the served spec; review and copy " + fresh + " over it");
    }
  }

  @Test
  void endpointLatencyIsAHistogram() {
    given().get("/q/health/live").then().statusCode(200);
    given().header("Authorization", "Bearer x").body("{}").post("/auth/v1/user/sudo").then().statusCode(400);
    given().body("{\"verification_id\":\"gwv_none\",\"verification_code\":\"123456\"}").post("/auth/v1/verification/verify").then().statusCode(404);
    // a send runs the Lua scripts whose latency is recorded (a made-up verification id is refused before Redis)
    sendCode(newUser(), "phone_number", "+86 13812345678");
    var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("http_server_requests_seconds_bucket{").contains("gateway_redis_script_seconds")
        .contains("gateway_security_events_total");
  }

  @Test
  void healthIsUpWithRedis() {
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
  }
}
