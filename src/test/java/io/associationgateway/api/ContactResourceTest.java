package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class ContactResourceTest extends GatewayTest {

  private static String bindBody(Object sudoToken, String field, String value, String verificationToken) {
    return new JsonObject().put("sudo_token", sudoToken).put(field, value).put("verification_token", verificationToken).encode();
  }

  @Test
  void phoneFlowEndsWithThePhoneBoundInCloudBase() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000000");

    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000000", token)).patch("/auth/v1/user/contact")
        .then().statusCode(200).body("$", anEmptyMap());

    // the admin token is only handed out for the environment's client credentials (see GatewayTest#stubAdminApi)
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + ADMIN_TOKEN))
        .withRequestBody(equalToJson("{\"user_id\":\"" + user.id() + "\",\"phone\":\"+86 13800000000\"}")));
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).isFalse();
  }

  @Test
  void emailFlowWithTheSeedsSudoObjectBindsTheEmail() {
    var user = newUser();
    var sudoResponse = new JsonObject().put("sudo_token", sudo(user)).put("expires_in", 600);
    var id = sendCode(user, "email", "test@example.com");
    var token = verify(id, lastEmailCode("test@example.com"));

    as(user).body(bindBody(sudoResponse, "email", "Test@Example.com", token)).patch("/auth/v1/user/contact").then().statusCode(200);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit"))
        .withRequestBody(equalToJson("{\"user_id\":\"" + user.id() + "\",\"email\":\"test@example.com\"}")));
  }

  @Test
  void aVerificationTokenBindsOnlyOnce() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000010");
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000010", token)).patch("/auth/v1/user/contact").then().statusCode(200);
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000010", token)).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_code", equalTo(4001));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void tokensOfAnotherUserDoNotWorkAndAreNotSpent() {
    var alice = newUser();
    var mallory = newUser();
    var aliceSudo = sudo(alice);
    var aliceToken = provePhone(alice, "+86 13800000011");
    var mallorySudo = sudo(mallory);

    as(mallory).body(bindBody(mallorySudo, "phone_number", "+86 13800000011", aliceToken)).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    as(mallory).body(bindBody(aliceSudo, "phone_number", "+86 13800000011", aliceToken)).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));

    as(alice).body(bindBody(aliceSudo, "phone_number", "+86 13800000011", aliceToken)).patch("/auth/v1/user/contact").then()
        .statusCode(200);
  }

  @Test
  void aTokenBindsOnlyTheAddressItProved() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000012");
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000013", token)).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    as(user).body(bindBody(sudoToken, "phone_number", "13800000012", token)).patch("/auth/v1/user/contact").then().statusCode(200);
  }

  @Test
  void expiredSudoIsRefusedAndKeepsTheVerificationToken() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000014");
    this.redis.key().pexpire(RedisKeys.sudoGrant(sudoToken), Duration.ofMillis(1));
    await(() -> !this.redis.key().exists(RedisKeys.sudoGrant(sudoToken)));

    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000014", token)).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000014", token)).patch("/auth/v1/user/contact").then().statusCode(200);
  }

  @Test
  void anAddressOwnedBySomeoneElseIsAlreadyExistsAfterTheProofOnly() {
    var user = newUser();
    stubOwner("phone_number", "+86 13900000000", "someone-else");
    var sudoToken = sudo(user);
    as(user).body("{\"phone_number\":\"+86 13900000000\"}").post("/auth/v1/verification").then().statusCode(200).body("is_user",
        equalTo(false));
    var token = provePhone(user, "+86 13900000000");

    as(user).body(bindBody(sudoToken, "phone_number", "+86 13900000000", "gwt_forged")).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13900000000", token)).patch("/auth/v1/user/contact")
        .then().statusCode(409).body("error", equalTo("already_exists")).body("error_code", equalTo(4090))
        .body("error_description", equalTo("phone number is already bound to another account; to move it to this account, "
            + "bind again with the same verification_token and conflict_resolution TRANSFER"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).isTrue();
  }

  @Test
  void cloudBaseWriteFailureKeepsTheTokenForARetry() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000015");
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/basic/edit")).willReturn(aResponse().withStatus(503).withBody("down")));
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000015", token)).patch("/auth/v1/user/contact")
        .then().statusCode(503).body("error", equalTo("unavailable"));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/basic/edit")).willReturn(aResponse().withFixedDelay(1500).withBody("{}")));
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000015", token)).patch("/auth/v1/user/contact")
        .then().statusCode(504).body("error", equalTo("deadline_exceeded"));
    var ttl = this.redis.key().pttl(RedisKeys.verificationToken(token));
    assertThat(ttl).isBetween(1L, 600_000L);

    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/basic/edit")).willReturn(aResponse().withStatus(200).withBody("{}")));
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000015", token)).patch("/auth/v1/user/contact").then().statusCode(200);
  }

  @Test
  void unknownConflictResolutionIsRefused() {
    var user = newUser();
    var body = new JsonObject(bindBody(sudo(user), "phone_number", "+86 13800000016", provePhone(user, "+86 13800000016")))
        .put("conflict_resolution", "MERGE").encode();
    as(user).body(body).patch("/auth/v1/user/contact").then().statusCode(400).body("error", equalTo("invalid_argument"));
  }

  @Test
  void redisNeverHoldsACodeOrTokenInClear() {
    var user = newUser();
    var sudoToken = sudo(user);
    var id = sendCode(user, "phone_number", "+86 13800000017");
    var code = lastSmsCode("+8613800000017");
    var token = verify(id, code);
    var pendingId = sendCode(user, "email", "clear@example.com");
    var pendingCode = lastEmailCode("clear@example.com");

    var everything = String.join("\n", redisContents());
    assertThat(everything).doesNotContain(sudoToken, token, id, pendingId, user.accessToken(), "cloudbase-own-sudo-token")
        .doesNotContain("=" + code).doesNotContain("=" + pendingCode);
    assertThat(redisContents()).filteredOn(line -> line.startsWith("gw:")).allSatisfy(key -> assertThat(key).matches(
        "gw:(sudo|caller|idem):[0-9a-f]{64}|gw:(code|vtok|tcool|tsend|tfail|tlast):\\{t[0-9a-f]{3}\\}:[0-9a-f]{64}|gw:(usms|umail|pwu):user-[0-9a-f-]+|gw:(ipsend|ipverify|pwip):[0-9a-f.:/]+|gw:(gsms|gemail)"));
    as(user).body(bindBody(sudoToken, "phone_number", "+86 13800000017", token)).patch("/auth/v1/user/contact").then().statusCode(200);
  }

  private static void await(BooleanSupplier condition) {
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(condition::getAsBoolean);
  }
}
