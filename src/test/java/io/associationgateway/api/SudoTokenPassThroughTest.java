package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * One sudo token for every CloudBase call: CloudBase's sudo-guarded calls that pass through get CloudBase's own sudo
 * token in place of the gateway's; a gateway sudo bought with a verification code has none and is refused at once.
 */
@QuarkusTest
class SudoTokenPassThroughTest extends GatewayTest {

  @Test
  void aPasswordChangeWithTheGatewaysSudoTokenReachesCloudBaseWithCloudBasesOwn() {
    var user = newUser();
    var sudo = sudo(user);
    this.upstreams.cloudBase().stubFor(patch(urlEqualTo("/auth/v1/user/password")).willReturn(okJson("{}")));
    as(user).body(new JsonObject().put("new_password", "n3w-pass").put("sudo_token", sudo).encode()).patch("/auth/v1/user/password")
        .then().statusCode(200);
    this.upstreams.cloudBase().verify(1, patchRequestedFor(urlEqualTo("/auth/v1/user/password"))
        .withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson("{\"new_password\":\"n3w-pass\",\"sudo_token\":\"cloudbase-own-sudo-token\"}")));
  }

  @Test
  void theSeedsObjectFormAndTheQueryFormAreSwappedToo() {
    var user = newUser();
    var sudo = sudo(user);
    this.upstreams.cloudBase().stubFor(patch(urlEqualTo("/auth/v1/user/password")).willReturn(okJson("{}")));
    this.upstreams.cloudBase().stubFor(delete(urlPathEqualTo("/auth/v1/user/me")).willReturn(okJson("{}")));
    as(user)
        .body(new JsonObject().put("new_password", "x").put("sudo_token", new JsonObject().put("sudo_token", sudo).put("expires_in", 600))
            .encode())
        .patch("/auth/v1/user/password").then().statusCode(200);
    as(user).queryParam("sudo_token", sudo).delete("/auth/v1/user/me").then().statusCode(200);

    this.upstreams.cloudBase().verify(1, patchRequestedFor(urlEqualTo("/auth/v1/user/password"))
        .withRequestBody(equalToJson("{\"new_password\":\"x\",\"sudo_token\":\"cloudbase-own-sudo-token\"}")));
    this.upstreams.cloudBase().verify(1, deleteRequestedFor(urlEqualTo("/auth/v1/user/me?sudo_token=cloudbase-own-sudo-token")));
  }

  @Test
  void aSudoBoughtWithAVerificationCodeIsRefusedWithoutAskingCloudBase() {
    var user = newUser("+86 13800000080", null);
    var id = sendCode(user, "phone_number", "+86 13800000080");
    var token = verify(id, lastSmsCode("+8613800000080"));
    var sudo = as(user).body(new JsonObject().put("verification_token", token).encode()).post("/auth/v1/user/sudo")
        .then().statusCode(200).extract().<String>path("sudo_token");
    as(user).body(new JsonObject().put("new_password", "x").put("sudo_token", sudo).encode()).patch("/auth/v1/user/password")
        .then().statusCode(400).body("error", Matchers.equalTo("invalid_grant"))
        .body("error_description", containsString("re-authenticate with the password"));
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathEqualTo("/auth/v1/user/password")));
  }

  @Test
  void anUnknownGatewaySudoTokenIsRefusedAndOtherTokensPassUnchanged() {
    var user = newUser();
    this.upstreams.cloudBase().stubFor(patch(urlEqualTo("/auth/v1/user/password")).willReturn(okJson("{}")));
    as(user).body("{\"new_password\":\"x\",\"sudo_token\":\"gws_not-issued-here\"}").patch("/auth/v1/user/password")
        .then().statusCode(400).body("error", Matchers.equalTo("invalid_grant"));
    as(user).body("{\"new_password\":\"x\",\"sudo_token\":\"cloudbase-minted\"}").patch("/auth/v1/user/password").then().statusCode(200);
    this.upstreams.cloudBase().verify(1, patchRequestedFor(urlEqualTo("/auth/v1/user/password"))
        .withRequestBody(equalToJson("{\"new_password\":\"x\",\"sudo_token\":\"cloudbase-minted\"}")));
  }

  @Test
  void cloudBasesSudoTokenIsSealedAtRest() {
    var user = newUser();
    var sudo = sudo(user);
    var stored = this.redis.value(String.class).get(RedisKeys.sudoGrant(sudo));
    assertThat(stored).startsWith(user.id() + "\n").doesNotContain("cloudbase-own-sudo-token");
  }
}
