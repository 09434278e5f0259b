package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.UpstreamsResource;
import io.associationgateway.upstream.tencent.Tc3Signer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class VerificationResourceTest extends GatewayTest {

  @Test
  void smsCodeGoesThroughSignedSendSmsAndOnlyItsHmacIsStored() {
    var user = newUser();
    var id = as(user).body("{\"phone_number\":\"+86 13800000000\"}").post("/auth/v1/verification")
        .then().statusCode(200).body("expires_in", equalTo(600)).body("is_user", equalTo(false)).body("verification_id", startsWith("gwv_"))
        .extract().<String>path("verification_id");

    var sms = this.upstreams.sms();
    sms.verify(1, postRequestedFor(urlEqualTo("/"))
        .withHeader("Content-Type", WireMock.equalToIgnoreCase("application/json; charset=utf-8"))
        .withHeader("X-TC-Action", WireMock.equalTo("SendSms"))
        .withHeader("X-TC-Version", WireMock.equalTo("2021-01-11"))
        .withHeader("X-TC-Region", WireMock.equalTo("ap-guangzhou"))
        .withHeader("X-TC-Timestamp", matching("[0-9]{10}"))
        .withHeader("Authorization", matching("TC3-HMAC-SHA256 Credential=" + UpstreamsResource.SMS_SECRET_ID
            + "/[0-9]{4}-[0-9]{2}-[0-9]{2}/sms/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}")));
    var request = sms.findAll(postRequestedFor(urlEqualTo("/"))).get(0);
    var body = new JsonObject(request.getBodyAsString());
    assertThat(body.getJsonArray("PhoneNumberSet").getList()).containsExactly("+8613800000000");
    assertThat(body.getString("SmsSdkAppId")).isEqualTo("1400006666");
    assertThat(body.getString("TemplateId")).isEqualTo("449739");
    assertThat(body.getString("SignName")).isEqualTo("TestSign");
    var code = body.getJsonArray("TemplateParamSet").getString(0);
    assertThat(code).matches("[0-9]{6}");

    // the signature is the one Tencent Cloud computes for exactly these bytes and this Host
    var timestamp = Long.parseLong(request.getHeader("X-TC-Timestamp"));
    var expected = new Tc3Signer(UpstreamsResource.SMS_SECRET_ID, UpstreamsResource.SMS_SECRET_KEY)
        .authorization("sms", request.getHeader("Host"), Tc3Signer.CONTENT_TYPE, request.getBodyAsString(), timestamp);
    assertThat(request.getHeader("Authorization")).isEqualTo(expected);

    var key = RedisKeys.code(id);
    var stored = this.redis.hash(String.class).hgetall(key);
    assertThat(stored).containsEntry("target", "+86 13800000000").containsEntry("user", user.id()).containsEntry("attempts", "0")
        .containsEntry("purpose", "BIND");
    assertThat(stored.values()).doesNotContain(code);
    assertThat(stored.get("mac")).hasSize(64).doesNotContain(code);
    assertThat(this.redis.key().pttl(key)).isBetween(590_000L, 600_000L);
  }

  @Test
  void emailCodeIsSentBySmtpInTheCallersLanguage() throws Exception {
    var user = newUser();
    as(user).header("Accept-Language", "en-US,en;q=0.9").body("{\"email\":\"New.Person@Example.com\"}").post("/auth/v1/verification")
        .then().statusCode(200).body("is_user", equalTo(false));
    var message = this.upstreams.smtp().getReceivedMessages()[0];
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("new.person@example.com");
    assertThat(message.getSubject()).isEqualTo("Your verification code");
    assertThat(lastEmailCode("new.person@example.com")).matches("[0-9]{6}");

    as(user).body("{\"email\":\"zh@example.com\"}").post("/auth/v1/verification").then().statusCode(200);
    assertThat(this.upstreams.smtp().getReceivedMessagesForDomain("zh@example.com")[0].getSubject()).isEqualTo("您的验证码");
  }

  @Test
  void rightCodeYieldsASingleUseVerificationToken() {
    var user = newUser();
    var id = sendCode(user, "phone_number", "13800000001");
    var token = given().contentType(ContentType.TEXT)
        .body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + lastSmsCode("+8613800000001") + "\"}")
        .post("/auth/v1/verification/verify").then().statusCode(200).body("expires_in", equalTo(600))
        .body("verification_token", startsWith("gwt_"))
        .extract().<String>path("verification_token");
    var stored = this.redis.hash(String.class).hgetall(RedisKeys.verificationToken(token));
    assertThat(stored).containsEntry("target", "+86 13800000001").containsEntry("user", user.id()).containsEntry("channel", "PHONE");
    assertThat(this.redis.key().exists(RedisKeys.code(id))).isFalse();

    given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + lastSmsCode("+8613800000001") + "\"}")
        .post("/auth/v1/verification/verify").then().statusCode(404).body("error", equalTo("not_found"));
  }

  @Test
  void wrongCodesCountDownThenTheCodeIsDead() {
    var user = newUser();
    var id = sendCode(user, "phone_number", "+86 13800000002");
    var right = lastSmsCode("+8613800000002");
    var wrong = right.equals("000000") ? "111111" : "000000";
    for (int left = 4; left >= 0; left--) {
      given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + wrong + "\"}").post("/auth/v1/verification/verify")
          .then().statusCode(400).body("error", equalTo("invalid_verification_code"))
          .body("error_description", equalTo(switch (left) {
            case 0 -> "wrong verification code; no attempts left, request a new code";
            case 1 -> "wrong verification code; 1 attempt left";
            default -> "wrong verification code; " + left + " attempts left";
          }));
    }
    given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + right + "\"}").post("/auth/v1/verification/verify")
        .then().statusCode(429).body("error", equalTo("resource_exhausted"));
  }

  @Test
  void malformedCodeCostsNoAttempt() {
    var user = newUser();
    var id = sendCode(user, "phone_number", "+86 13800000003");
    given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"12ab\"}").post("/auth/v1/verification/verify")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
    assertThat(this.redis.hash(String.class).hget(RedisKeys.code(id), "attempts")).isEqualTo("0");
  }

  @Test
  void unknownGatewayIdIsNotFound() {
    given().body("{\"verification_id\":\"gwv_nope\",\"verification_code\":\"123456\"}").post("/auth/v1/verification/verify")
        .then().statusCode(404).body("error", equalTo("not_found")).body("error_code", equalTo(4004));
  }

  @Test
  void invalidAddressesAreRefusedBeforeAnythingIsSent() {
    var user = newUser();
    as(user).body("{\"phone_number\":\"+86 123\"}").post("/auth/v1/verification").then().statusCode(400).body("error",
        equalTo("invalid_argument"));
    as(user).body("{\"email\":\"not-an-email\"}").post("/auth/v1/verification").then().statusCode(400).body("error",
        equalTo("invalid_argument"));
    as(user).body("{\"phone_number\":\"+86 13800000000\",\"email\":\"a@example.com\"}").post("/auth/v1/verification").then()
        .statusCode(400);
    as(user).body("{}").post("/auth/v1/verification").then().statusCode(400);
    as(user).body("{\"phone_number\":\"+86 13800000000\",\"target\":\"SOMEONE\"}").post("/auth/v1/verification").then().statusCode(400);
    as(user).body("{\"phone_number\":\"+86 13800000000\",\"target\":\"CUR_USER\"}").post("/auth/v1/verification").then().statusCode(400);
    this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
    assertThat(this.upstreams.smtp().getReceivedMessages()).isEmpty();
  }

  @Test
  void providerRefusalsAreTypedAndLeaveNoCode() {
    var user = newUser();
    sudo(user);
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(okJson(
        "{\"Response\":{\"SendStatusSet\":[{\"Code\":\"LimitExceeded.PhoneNumberDailyLimit\",\"Message\":\"limit\"}],\"RequestId\":\"r\"}}")));
    as(user).body("{\"phone_number\":\"+86 13800000004\"}").post("/auth/v1/verification").then().statusCode(429).body("error",
        equalTo("resource_exhausted"));
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(okJson(
        "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\",\"Message\":\"bad\"},\"RequestId\":\"r\"}}")));
    as(user).body("{\"phone_number\":\"+86 13800000004\"}").post("/auth/v1/verification").then().statusCode(502).body("error",
        equalTo("unavailable"));
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withFixedDelay(1500).withBody("{}")));
    as(user).body("{\"phone_number\":\"+86 13800000004\"}").post("/auth/v1/verification").then().statusCode(504).body("error",
        equalTo("deadline_exceeded"));
    assertThat(this.redis.key().keys("gw:code:*"))
        .allSatisfy(key -> assertThat(this.redis.hash(String.class).hget(key, "target")).isNotEqualTo("+86 13800000004"));
  }

  @Test
  void cloudBaseOwnFlowsPassThroughUnchanged() {
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(post(urlPathEqualTo("/auth/v1/verification"))
        .willReturn(okJson("{\"verification_id\":\"cloudbase-id\",\"expires_in\":600,\"is_user\":true}")));
    cloudBase.stubFor(post(urlPathEqualTo("/auth/v1/verification/verify"))
        .willReturn(okJson("{\"verification_token\":\"cloudbase-token\",\"expires_in\":600}")));

    given().queryParam("client_id", "test-env").header("x-device-id", "device-1")
        .body("{\"phone_number\":\"+86 13800000005\",\"target\":\"USER\"}")
        .post("/auth/v1/verification").then().statusCode(200).body("verification_id", equalTo("cloudbase-id"));
    cloudBase.verify(
        postRequestedFor(urlEqualTo("/auth/v1/verification?client_id=test-env")).withHeader("x-device-id", WireMock.equalTo("device-1"))
            .withRequestBody(equalToJson("{\"phone_number\":\"+86 13800000005\",\"target\":\"USER\"}")));

    var user = newUser();
    as(user).body("{\"email\":\"reset@example.com\",\"usage\":\"PASSWORD_RESET\"}").post("/auth/v1/verification").then().statusCode(200)
        .body("verification_id", equalTo("cloudbase-id"));
    given().body("{\"verification_id\":\"cloudbase-id\",\"verification_code\":\"123456\"}").post("/auth/v1/verification/verify")
        .then().statusCode(200).body("verification_token", equalTo("cloudbase-token"));
    this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
  }
}
