package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SudoResourceTest extends GatewayTest {

  @Test
  void passwordCheckedByCloudBaseGrantsSudoBoundToTheUser() {
    var user = newUser();
    var sudoToken = as(user).body("{\"password\":\"" + user.password() + "\"}").post("/auth/v1/user/sudo")
        .then().statusCode(200).body("expires_in", equalTo(600)).body("sudo_token", startsWith("gws_"))
        .extract().<String>path("sudo_token");

    assertThat(sudoToken).isNotEqualTo("cloudbase-own-sudo-token").hasSizeGreaterThan(40);
    var key = RedisKeys.sudoGrant(sudoToken);
    assertThat(this.redis.value(String.class).get(key)).startsWith(user.id() + "\n").doesNotContain("cloudbase-own-sudo-token");
    assertThat(this.redis.key().pttl(key)).isBetween(590_000L, 600_000L);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/sudo"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson("{\"password\":\"" + user.password() + "\"}")));
  }

  @Test
  void wrongPasswordIsInvalidPasswordAndGrantsNothing() {
    var user = newUser();
    as(user).body("{\"password\":\"not-it\"}").post("/auth/v1/user/sudo")
        .then().statusCode(400).body("error", equalTo("invalid_password")).body("error_code", equalTo(4005));
    assertThat(this.redis.key().keys("gw:sudo:*"))
        .allSatisfy(key -> assertThat(this.redis.value(String.class).get(key)).doesNotStartWith(user.id()));
  }

  @Test
  void noBearerTokenIsUnauthenticatedWithoutAskingCloudBase() {
    given().contentType(ContentType.JSON).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo")
        .then().statusCode(401).body("error", equalTo("unauthenticated")).body("error_code", equalTo(4003));
    this.upstreams.cloudBase().verify(0, getRequestedFor(urlEqualTo("/auth/v1/user/me")));
  }

  @Test
  void accessTokenCloudBaseRejectsIsUnauthenticated() {
    this.upstreams.cloudBase().stubFor(WireMock.get(urlEqualTo("/auth/v1/user/me"))
        .willReturn(
            aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("{\"error\":\"unauthenticated\"}")));
    given().header("Authorization", "Bearer expired").contentType(ContentType.JSON).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo")
        .then().statusCode(401).body("error", equalTo("unauthenticated"));
  }

  @Test
  void callerIsCachedBriefly() {
    var user = newUser();
    sudo(user);
    sudo(user);
    this.upstreams.cloudBase().verify(1, getRequestedFor(urlEqualTo("/auth/v1/user/me")));
  }

  @Test
  void exactlyOneOfPasswordAndVerificationToken() {
    var user = newUser();
    as(user).body("{}").post("/auth/v1/user/sudo").then().statusCode(400).body("error", equalTo("invalid_argument"));
    as(user).body("{\"password\":\"a\",\"verification_token\":\"b\"}").post("/auth/v1/user/sudo")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
  }

  @Test
  void codeToTheUsersOwnPhoneBuysSudoOnce() {
    var user = newUser("+86 13811112222", null);
    var sent = as(user).body("{\"phone_number\":\"+86 13811112222\",\"target\":\"CUR_USER\"}").post("/auth/v1/verification")
        .then().statusCode(200).body("is_user", equalTo(true)).extract().<String>path("verification_id");
    var token = verify(sent, lastSmsCode("+8613811112222"));

    as(user).body("{\"verification_token\":\"" + token + "\"}").post("/auth/v1/user/sudo")
        .then().statusCode(200).body("sudo_token", startsWith("gws_"));
    as(user).body("{\"verification_token\":\"" + token + "\"}").post("/auth/v1/user/sudo")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void codeToANewAddressCannotBuySudo() {
    var user = newUser();
    var token = provePhone(user, "+86 13822223333");
    as(user).body("{\"verification_token\":\"" + token + "\"}").post("/auth/v1/user/sudo")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void anotherUsersVerificationTokenCannotBuySudo() {
    var owner = newUser("+86 13833334444", null);
    var thief = newUser("+86 13833334444", null);
    var id = as(owner).body("{\"phone_number\":\"+86 13833334444\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    var token = verify(id, lastSmsCode("+8613833334444"));
    as(thief).body("{\"verification_token\":\"" + token + "\"}").post("/auth/v1/user/sudo")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    as(owner).body("{\"verification_token\":\"" + token + "\"}").post("/auth/v1/user/sudo").then().statusCode(200);
  }

  @Test
  void cloudBaseFailuresAreTyped() {
    var user = newUser();
    sudo(user); // caches the caller
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/sudo")).willReturn(aResponse().withFixedDelay(1500).withBody("{}")));
    as(user).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo").then().statusCode(504).body("error", equalTo("deadline_exceeded"));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/sudo")).willReturn(aResponse().withStatus(503).withBody("busy")));
    as(user).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo").then().statusCode(503).body("error", equalTo("unavailable"));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/sudo")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    as(user).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo").then().statusCode(502).body("error", equalTo("unavailable"));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/sudo")).willReturn(aResponse().withStatus(200).withBody("<html>")));
    as(user).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo").then().statusCode(502).body("error_code", equalTo(5020));
  }
}
