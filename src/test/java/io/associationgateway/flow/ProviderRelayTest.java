package io.associationgateway.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Linking WeChat is CloudBase's own flow, relayed: CloudBase mints the provider token and records the link; the
 * gateway adds the conflict answer, the last-method guard, idempotency and audit. CloudBase on WireMock.
 */
@QuarkusTest
class ProviderRelayTest extends GatewayTest {

  private static final String DEVICE = "device-0123456789abcdef";
  private static final String BIND = "/auth/v1/user/provider/bind";
  private static final String URI = "/auth/v1/provider/uri";
  private static final String TOKEN = "/auth/v1/provider/token";
  private static final String REDIRECT = "https://app.example.com/cb";

  /** Starts a linking round as {@code user} on {@code device}: the state CloudBase was given. */
  private String startRound(User user, String device) {
    var cloudBase = this.upstreams.cloudBase();
    cloudBase
        .stubFor(get(urlPathEqualTo(URI)).willReturn(okJson("{\"uri\":\"https://open.weixin.qq.com/connect/qrconnect?appid=wxconsole\"}")));
    var request = user == null ? given() : as(user);
    request.header("x-device-id", device).queryParam("provider_id", "wx_open").queryParam("redirect_uri", REDIRECT).get(URI).then()
        .statusCode(200);
    var sent = cloudBase.findAll(getRequestedFor(urlPathEqualTo(URI)));
    return sent.get(sent.size() - 1).queryParameter("state").firstValue();
  }

  /** Exchanges a code within the round of {@code state}, as {@code user} on {@code device}. */
  private ValidatableResponse exchange(User user, String device, String state, String providerToken) {
    var code = "code-" + UUID.randomUUID();
    this.upstreams.cloudBase()
        .stubFor(post(urlPathEqualTo(TOKEN)).withRequestBody(matchingJsonPath("$.provider_code", WireMock.equalTo(code)))
            .willReturn(okJson("{\"provider_token\":\"" + providerToken + "\",\"expires_in\":3600}")));
    var body = new JsonObject().put("provider_id", "wx_open").put("provider_code", code).put("provider_redirect_uri", REDIRECT).put("state",
        state);
    var request = user == null ? given() : as(user);
    return request.header("x-device-id", device).body(body.encode()).post(TOKEN).then();
  }

  /** A provider token from a whole round of {@code user}'s: bindable by that user. */
  private String linkedToken(User user) {
    var token = "cb-pt-" + UUID.randomUUID();
    exchange(user, DEVICE, startRound(user, DEVICE), token).statusCode(200).body("provider_token", equalTo(token));
    return token;
  }

  private static String error(String name, int code, String description) {
    return new JsonObject().put("error", name).put("error_code", code).put("error_description", description).encode();
  }

  @Test
  void authorizeUrlAndCodeExchangeAreCloudBasesWithTheDeviceHeaderPassedOn() {
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(get(urlPathEqualTo(URI)).withHeader("x-device-id", WireMock.equalTo(DEVICE))
        .withQueryParam("provider_id", WireMock.equalTo("wx_open")).withQueryParam("redirect_uri", WireMock.equalTo(REDIRECT))
        .willReturn(okJson("{\"uri\":\"https://open.weixin.qq.com/connect/qrconnect?appid=wxconsole#wechat_redirect\"}")));
    given().header("x-device-id", DEVICE).queryParam("provider_id", "wx_open").queryParam("redirect_uri", REDIRECT)
        .queryParam("state", "s1")
        .get(URI).then().statusCode(200).body("uri", containsString("appid=wxconsole"));
    // the state CloudBase puts into the authorize URL is the gateway's, never the client's
    var state = cloudBase.findAll(getRequestedFor(urlPathEqualTo(URI))).get(0).queryParameter("state").firstValue();
    assertThat(state).startsWith("gwst_").isNotEqualTo("s1");

    var request = new JsonObject().put("provider_id", "wx_open").put("provider_code", "code-1").put("provider_redirect_uri", REDIRECT);
    cloudBase.stubFor(post(urlPathEqualTo(TOKEN)).withHeader("x-device-id", WireMock.equalTo(DEVICE))
        .withRequestBody(equalToJson(request.encode()))
        .willReturn(okJson(
            "{\"provider_token\":\"cb-pt-1\",\"expires_in\":3600,\"provider_profile\":{\"provider_id\":\"wx_open\",\"sub\":\"u-1\"}}")));
    // the state stays with the gateway: CloudBase's token call gets the body without it
    given().header("x-device-id", DEVICE).body(request.copy().put("state", state).encode()).post(TOKEN + "?client_id=env")
        .then().statusCode(200).body("provider_token", equalTo("cb-pt-1")).body("expires_in", equalTo(3600));
    cloudBase.verify(1, postRequestedFor(urlEqualTo(TOKEN + "?client_id=env")));
  }

  @Test
  void anAttackersCodeAndStateDeliveredToAVictimAreRefusedBeforeCloudBaseIsAsked() {
    var attacker = newUser();
    var victim = newUser();
    var attackersState = startRound(attacker, "device-attacker");
    // the classic OAuth CSRF link: the victim's app, signed in, exchanges the attacker's code with the attacker's state
    exchange(victim, DEVICE, attackersState, "cb-pt-csrf").statusCode(400).body("error", equalTo("invalid_grant"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
    // a state nobody minted, and a round started anonymously on another device, fare the same
    exchange(victim, DEVICE, "gwst_made-up", "cb-pt-x").statusCode(400).body("error", equalTo("invalid_grant"));
    exchange(null, DEVICE, startRound(null, "device-attacker"), "cb-pt-y").statusCode(400).body("error", equalTo("invalid_grant"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void aStateIsSingleUseAndBoundToItsRedirectUri() {
    var user = newUser();
    var state = startRound(user, DEVICE);
    exchange(user, DEVICE, state, "cb-pt-once").statusCode(200);
    exchange(user, DEVICE, state, "cb-pt-twice").statusCode(400).body("error", equalTo("invalid_grant"));
    var other = startRound(user, DEVICE);
    as(user).header("x-device-id", DEVICE).body(new JsonObject().put("provider_id", "wx_open").put("provider_code", "c")
        .put("provider_redirect_uri", "https://elsewhere.example.com/cb").put("state", other).encode()).post(TOKEN)
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
  }

  @Test
  void aProviderTokenFromAnotherUsersRoundOrFromNoRoundCannotBeBound() {
    var attacker = newUser();
    var victim = newUser();
    var attackersToken = linkedToken(attacker);
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(okJson("{}")));
    // with only the victim's access token, the attacker's WeChat is not linked to the victim's account
    as(victim).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", attackersToken).encode()).post(BIND)
        .then().statusCode(403).body("error", equalTo("permission_denied"));
    // a token CloudBase minted outside a round of this gateway (no state) is not bindable either
    as(victim).body("{\"provider_token\":\"cb-pt-from-nowhere\"}").post(BIND).then().statusCode(403).body("error",
        equalTo("permission_denied"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo(BIND)));
    // the attacker's own round binds to the attacker
    as(attacker).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", attackersToken).encode()).post(BIND).then()
        .statusCode(200);
  }

  @Test
  void theSdksExchangeWithoutStateBindsThroughTheRoundItsDeviceStarted() {
    var user = newUser();
    startRound(user, DEVICE);
    var token = "cb-pt-sdk-" + UUID.randomUUID();
    // as the official SDK's grantProviderToken sends it: no state, no bearer, the x-device-id it sends on every call
    exchange(null, DEVICE, null, token).statusCode(200).body("provider_token", equalTo(token));
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(okJson("{}")));
    as(user).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", token).encode()).post(BIND).then().statusCode(200);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo(BIND)));
  }

  @Test
  void withoutStateOnlyTheDevicesOwnRoundCountsAndOnlyOnce() {
    var victim = newUser();
    // a device whose latest round was already used (by another test's exchange with its state) has no open round
    var used = "device-used-" + UUID.randomUUID();
    exchange(null, used, startRound(null, used), "cb-pt-used").statusCode(200);
    var late = "cb-pt-late-" + UUID.randomUUID();
    exchange(null, used, null, late).statusCode(200).body("provider_token", equalTo(late));
    startRound(victim, DEVICE);
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(okJson("{}")));
    // an exchange from another device finds no round: CloudBase's token is relayed, but it binds to nobody here
    var foreign = "cb-pt-foreign-" + UUID.randomUUID();
    exchange(null, "device-elsewhere-" + UUID.randomUUID(), null, foreign).statusCode(200).body("provider_token", equalTo(foreign));
    as(victim).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", foreign).encode()).post(BIND)
        .then().statusCode(403).body("error", equalTo("permission_denied"));
    // the victim's round was left open by it, and is used once by the victim's own device
    var mine = "cb-pt-mine-" + UUID.randomUUID();
    exchange(null, DEVICE, null, mine).statusCode(200);
    var again = "cb-pt-again-" + UUID.randomUUID();
    exchange(null, DEVICE, null, again).statusCode(200);
    as(victim).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", again).encode()).post(BIND)
        .then().statusCode(403).body("error", equalTo("permission_denied"));
    as(victim).header("x-device-id", DEVICE).body(new JsonObject().put("provider_token", mine).encode()).post(BIND).then().statusCode(200);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo(BIND)));
  }

  @Test
  void aRedirectUriOffTheAllowListIsRefusedAndNothingIsStored() {
    var before = redisContents().stream().filter(key -> key.startsWith("gw:link:")).count();
    for (var redirect : List.of("https://attacker.example.net/cb", "https://app.example.com/cb/../x",
        "https://app.example.com/" + "a".repeat(3000))) {
      given().header("x-device-id", DEVICE).queryParam("provider_id", "wx_open").queryParam("redirect_uri", redirect).get(URI)
          .then().statusCode(400).body("error", equalTo("invalid_argument"));
    }
    given().header("x-device-id", DEVICE).queryParam("provider_id", "wx_open").get(URI).then().statusCode(400).body("error",
        equalTo("invalid_argument"));
    given().header("x-device-id", DEVICE).queryParam("provider_id", "wx_open").queryParam("redirect_uri", REDIRECT)
        .queryParam("state", "s".repeat(3000))
        .get(URI).then().statusCode(400).body("error", equalTo("invalid_argument"));
    this.upstreams.cloudBase().verify(0, getRequestedFor(urlPathEqualTo(URI)));
    assertThat(redisContents().stream().filter(key -> key.startsWith("gw:link:")).count()).isEqualTo(before);
  }

  @Test
  void cloudBasesRefusalOfACodeComesBackAsItGaveIt() {
    this.upstreams.cloudBase().stubFor(post(urlPathEqualTo("/auth/v1/provider/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(error("invalid_grant", 4001, "provider code used"))));
    given().header("x-device-id", DEVICE).body("{\"provider_id\":\"wx_open\",\"provider_code\":\"used\"}").post("/auth/v1/provider/token")
        .then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", equalTo("provider code used"));
  }

  @Test
  void bindGoesToCloudBaseWithTheUsersOwnTokenAndIsAudited() {
    var user = newUser();
    var body = new JsonObject().put("provider_token", linkedToken(user)).encode();
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
        .withHeader("x-device-id", WireMock.equalTo(DEVICE)).withRequestBody(equalToJson(body)).willReturn(okJson("{}")));
    as(user).header("x-device-id", DEVICE).body(body).post(BIND).then().statusCode(200).body(equalTo("{}"));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo(BIND)));
  }

  @Test
  void anIdentityCloudBaseSaysIsAnotherUsersIsAlreadyExists() {
    var user = newUser();
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(error("already_exists", 4090, "provider already bound"))));
    as(user).body(new JsonObject().put("provider_token", linkedToken(user)).encode()).post(BIND).then().statusCode(409)
        .body("error", equalTo("already_exists")).body("error_code", equalTo(4090))
        .body("error_description", containsString("already linked to another account"));
  }

  @Test
  void otherRefusalsOfTheBindComeBackAsCloudBaseGaveThem() {
    var user = newUser();
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(error("invalid_grant", 4001, "Provider token invalid or expired"))));
    as(user).body(new JsonObject().put("provider_token", linkedToken(user)).encode()).post(BIND).then().statusCode(400)
        .body("error", equalTo("invalid_grant")).body("error_description", equalTo("Provider token invalid or expired"));
  }

  @Test
  void bindNeedsABearerAndAProviderTokenBeforeCloudBaseIsAsked() {
    given().body("{\"provider_token\":\"cb-pt\"}").post(BIND).then().statusCode(401).body("error", equalTo("unauthenticated"));
    as(newUser()).body("{}").post(BIND).then().statusCode(400).body("error", equalTo("invalid_argument"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo(BIND)));
  }

  @Test
  void aRetriedBindWithTheSameIdempotencyKeyCallsCloudBaseOnce() {
    var user = newUser();
    this.upstreams.cloudBase().stubFor(post(urlEqualTo(BIND)).willReturn(okJson("{}")));
    var key = "idem-" + UUID.randomUUID();
    var body = new JsonObject().put("provider_token", linkedToken(user)).encode();
    as(user).header("Idempotency-Key", key).body(body).post(BIND).then().statusCode(200);
    as(user).header("Idempotency-Key", key).body(body).post(BIND).then().statusCode(200)
        .header("Idempotent-Replayed", "true");
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo(BIND)));
  }

  private void stubWaysToSignIn(User user, boolean hasPassword, String phone, String... linked) {
    var profile = new JsonObject().put("sub", user.id()).put("has_password", hasPassword).put("phone_number", phone);
    this.upstreams.cloudBase()
        .stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
            .willReturn(okJson(profile.encode())));
    var data = new JsonArray().add(new JsonObject().put("id", "github").put("name", "GitHub").put("bind", false));
    for (var id : linked) {
      data.add(new JsonObject().put("id", id).put("name", id).put("bind", true));
    }
    this.upstreams.cloudBase()
        .stubFor(get(urlEqualTo("/auth/v1/user/provider")).withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
            .willReturn(okJson(new JsonObject().put("total", data.size()).put("data", data).encode())));
  }

  @Test
  void theLastWayToSignInCannotBeUnlinkedAndCloudBaseIsNotAsked() {
    var user = newUser();
    stubWaysToSignIn(user, false, null, "wx_open");
    as(user).delete("/auth/v1/user/provider/wx_open").then().statusCode(400)
        .body("error", equalTo("failed_precondition")).body("error_code", equalTo(4010));
    this.upstreams.cloudBase().verify(0, deleteRequestedFor(urlEqualTo("/auth/v1/user/provider/wx_open")));
  }

  @Test
  void anotherWayToSignInLetsCloudBaseUnlink() {
    var user = newUser();
    stubWaysToSignIn(user, false, "+86 13800001234", "wx_open");
    this.upstreams.cloudBase().stubFor(delete(urlEqualTo("/auth/v1/user/provider/wx_open"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken())).willReturn(okJson("{}")));
    as(user).delete("/auth/v1/user/provider/wx_open").then().statusCode(200).body(equalTo("{}"));
    this.upstreams.cloudBase().verify(1, deleteRequestedFor(urlEqualTo("/auth/v1/user/provider/wx_open")));
  }

  @Test
  void aProviderThatIsNotLinkedIsCloudBasesToAnswer() {
    var user = newUser();
    stubWaysToSignIn(user, false, null);
    this.upstreams.cloudBase().stubFor(delete(urlEqualTo("/auth/v1/user/provider/github")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody(error("provider_not_found", 4004, "not bound"))));
    as(user).delete("/auth/v1/user/provider/github").then().statusCode(404).body("error", equalTo("provider_not_found"));
  }

  @Test
  void theListIsCloudBasesAnswerUnchanged() {
    var user = newUser();
    var list = "{\"total\":2,\"data\":[{\"id\":\"wx_open\",\"name\":\"WeChat\",\"provider_user_name\":\"Xiao Ming\",\"bind\":true},"
        + "{\"id\":\"github\",\"name\":\"GitHub\",\"bind\":false}]}";
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/provider")).willReturn(okJson(list)));
    assertThat(as(user).get("/auth/v1/user/provider").then().statusCode(200).extract().asString()).isEqualTo(list);
    this.upstreams.cloudBase().verify(1, getRequestedFor(urlEqualTo("/auth/v1/user/provider")));
  }
}
