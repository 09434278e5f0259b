package io.associationgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpMethod;

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
    var passThrough = new TreeSet<String>();
    documented.stream().filter(operation -> !owned.contains(operation)).forEach(passThrough::add);
    documented.removeAll(passThrough);
    assertThat(documented).as("every JAX-RS endpoint is owned, so the pass-through leaves it alone").isEqualTo(owned);
    assertThat(passThrough).as("documented pass-through operations (META-INF/openapi.yaml)")
        .containsExactly("GET /auth/v1/user/provider", "POST /auth/v1/signin");
    passThrough.forEach(operation -> assertThat(OwnedEndpoint.owns(HttpMethod.valueOf(operation.split(" ")[0]), operation.split(" ")[1]))
        .as("%s is relayed, not answered by the gateway", operation).isFalse());

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
  void everyErrorAnswerHasItsOwnExampleMatchingItsStatus() {
    var spec = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    var errorIds = Arrays.stream(ErrorId.values()).toList();
    Map<String, Map<String, Map<String, Object>>> paths = spec.getMap("paths");
    var checked = new TreeSet<String>();
    paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
      @SuppressWarnings("unchecked")
      var responses = (Map<String, Map<String, Object>>) ((Map<String, Object>) operation).get("responses");
      responses.forEach((status, response) -> {
        if (Integer.parseInt(status) < 400) {
          return;
        }
        var where = method + " " + path + " " + status;
        @SuppressWarnings("unchecked")
        var examples = (Map<String, Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) response.get("content"))
            .get("application/json")).get("examples");
        assertThat(examples).as("examples of %s", where).isNotEmpty();
        examples.values().forEach(example -> {
          @SuppressWarnings("unchecked")
          var body = (Map<String, Object>) example.get("value");
          assertThat(body).as(where).containsKeys("error", "error_description");
          assertThat(response.get("description").toString()).as("%s's description names its example's error", where)
              .contains(body.get("error").toString());
          if (body.containsKey("error_code")) {
            var id = errorIds.stream().filter(e -> e.code() == ((Number) body.get("error_code")).intValue()).findFirst();
            assertThat(id).as("%s: a known error_code", where).isPresent();
            assertThat(id.get().error()).as(where).isEqualTo(body.get("error"));
            assertThat(id.get().status()).as("%s: the example's error is answered with this status", where)
                .isEqualTo(Integer.parseInt(status));
          }
        });
        checked.add(where);
      });
    }));
    assertThat(checked).hasSizeGreaterThan(50);
    assertThat(
        spec.getString("paths.'/auth/v1/user/sudo'.post.responses.'401'.content.'application/json'.examples.unauthenticated.value.error"))
        .isEqualTo("unauthenticated");
    assertThat(spec
        .getMap("paths.'/auth/v1/verification'.post.responses.'429'.content.'application/json'.examples.resource_exhausted.value.details"))
        .containsEntry("scope", "target").containsEntry("kind", "cooldown").containsKey("retry_after_s");
    assertThat(spec
        .getString("paths.'/auth/v1/user/contact'.patch.responses.'409'.content.'application/json'.examples.already_exists.value.error"))
        .isEqualTo("already_exists");
    assertThat(spec.getInt(
        "paths.'/auth/v1/verification/verify'.post.responses.'400'.content.'application/json'.examples.invalid_verification_code.value.details.attempts_left"))
        .isPositive();
  }

  @Test
  void operationsAreTaggedAndOrderedAsTheFlowsRun() {
    var spec = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    assertThat(spec.getList("tags.name", String.class)).containsExactly("SignIn", "Sudo", "Code", "Verify", "Bind", "WeChat", "Providers");
    Map<String, Object> paths = spec.getMap("paths");
    assertThat(paths.keySet()).containsExactly("/auth/v1/signin", "/auth/v1/user/sudo", "/auth/v1/verification",
        "/auth/v1/verification/verify",
        "/auth/v1/user/contact", "/auth/v1/provider/uri", "/auth/v1/provider/token", "/auth/v1/user/provider/bind",
        "/auth/v1/user/provider",
        "/auth/v1/user/provider/{provider_id}");
    var firstTags = new ArrayList<String>();
    paths.forEach((path, operations) -> ((Map<?, ?>) operations).values()
        .forEach(operation -> firstTags.add(((List<?>) ((Map<?, ?>) operation).get("tags")).get(0).toString())));
    assertThat(firstTags).containsExactly("SignIn", "Sudo", "Code", "Verify", "Bind", "WeChat", "WeChat", "WeChat", "Providers",
        "Providers");
    var description = spec.getString("info.description");
    assertThat(description).contains("POST /auth/v1/signin", "demo", "Authorize", "phone_number", "email", "WeChat", "/local/outbox",
        "PATCH /auth/v1/user/contact", "POST /auth/v1/user/provider/bind");
  }

  @Test
  void theCommittedSpecIsTheServedOne() throws Exception {
    var served = given().get("/q/openapi").then().statusCode(200).extract().asString();
    var committed = Path.of("openapi/openapi.yaml");
    if (!Files.exists(committed) || !Files.readString(committed).equals(served)) {
      var fresh = Path.of("target/openapi-served.yaml");
      Files.writeString(fresh, served);
      Assertions.fail("openapi/openapi.yaml differs from the served spec; review and copy " + fresh + " over it");
    }
  }

  @Test
  void endpointLatencyIsAHistogram() {
    given().get("/q/health/live").then().statusCode(200);
    given().header("Authorization", "Bearer x").body("{}").post("/auth/v1/user/sudo").then().statusCode(400);
    given().body("{\"verification_id\":\"gwv_none\",\"verification_code\":\"123456\"}").post("/auth/v1/verification/verify").then()
        .statusCode(404);
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
