package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class IdempotencyTest extends GatewayTest {

  private static String key() {
    return "idem-" + UUID.randomUUID();
  }

  @Test
  void aRetriedSendGetsTheFirstAnswerAndNoSecondSms() {
    var user = newUser();
    var key = key();
    var body = "{\"phone_number\":\"+86 13800000020\"}";
    var first = as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(200)
        .header("Idempotent-Replayed", "true").body("verification_id", equalTo(first));
    this.upstreams.sms().verify(1, postRequestedFor(urlEqualTo("/")));
    assertThat(String.join("\n", redisContents())).as("the kept answer is sealed").doesNotContain(first);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    var user = newUser();
    var key = key();
    as(user).header("Idempotency-Key", key).body("{\"phone_number\":\"+86 13800000021\"}").post("/auth/v1/verification").then()
        .statusCode(200);
    as(user).header("Idempotency-Key", key).body("{\"phone_number\":\"+86 13800000022\"}").post("/auth/v1/verification")
        .then().statusCode(422).body("error", equalTo("invalid_argument")).body("error_code", equalTo(4220));
    this.upstreams.sms().verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void keysBelongToOneCaller() {
    var key = key();
    var body = "{\"phone_number\":\"+86 13800000023\"}";
    var alice = as(newUser()).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    var bob = as(newUser()).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    assertThat(bob).isNotEqualTo(alice);
  }

  @Test
  void retriedVerifyAndBindReplayWithoutASecondWrite() {
    var user = newUser();
    var sudoToken = sudo(user);
    var id = sendCode(user, "phone_number", "+86 13800000024");
    var verifyBody = new JsonObject().put("verification_id", id).put("verification_code", lastSmsCode("+8613800000024")).encode();
    var verifyKey = key();
    var token = given().header("Idempotency-Key", verifyKey).body(verifyBody).post("/auth/v1/verification/verify").then().statusCode(200)
        .extract().<String>path("verification_token");
    given().header("Idempotency-Key", verifyKey).body(verifyBody).post("/auth/v1/verification/verify").then().statusCode(200)
        .body("verification_token", equalTo(token));

    var bindBody = new JsonObject().put("sudo_token", sudoToken).put("phone_number", "+86 13800000024").put("verification_token", token)
        .encode();
    var bindKey = key();
    as(user).header("Idempotency-Key", bindKey).body(bindBody).patch("/auth/v1/user/contact").then().statusCode(200).body("$",
        anEmptyMap());
    as(user).header("Idempotency-Key", bindKey).body(bindBody).patch("/auth/v1/user/contact").then().statusCode(200)
        .header("Idempotent-Replayed", "true").body("$", anEmptyMap());
    as(user).header("Idempotency-Key", key()).body(bindBody).patch("/auth/v1/user/contact").then().statusCode(400).body("error",
        equalTo("invalid_grant"));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void failuresThatChangedNothingAreNotKept() {
    var user = newUser();
    var key = key();
    var body = "{\"phone_number\":\"+86 13800000025\"}";
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(503).withBody("down")));
    as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(503);
    stubSmsAccepted();
    as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(200)
        .header("Idempotent-Replayed", (String) null);
    this.upstreams.sms().verify(2, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void invalidRequestsAndKeysAreRefused() {
    var user = newUser();
    var key = key();
    var body = "{\"phone_number\":\"+86 123\"}";
    as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(400);
    as(user).header("Idempotency-Key", key).body(body).post("/auth/v1/verification").then().statusCode(400);
    as(user).header("Idempotency-Key", "x".repeat(300)).body("{\"phone_number\":\"+86 13800000026\"}").post("/auth/v1/verification")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
  }
}
