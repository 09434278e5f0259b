package io.associationgateway.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.state.Secrets;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Linking WeChat: authorize URL, code exchange, bind by unionid, conflicts, list, unlink guard; WeChat on WireMock. */
@QuarkusTest
class WeChatLinkTest extends GatewayTest {

  private static final String OPEN_APP = "wxtestopen0000001";
  private static final String MP_APP = "wxtestmp000000001";

  private void stubWeChat(String appId, String code, String openid, String unionid) {
    var grant = new JsonObject().put("access_token", "at-" + code).put("expires_in", 7200).put("refresh_token", "rt").put("openid", openid)
        .put("scope", "snsapi_userinfo");
    if (unionid != null) {
      grant.put("unionid", unionid);
    }
    this.upstreams.wechat().stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).withQueryParam("appid", WireMock.equalTo(appId))
        .withQueryParam("code", WireMock.equalTo(code)).withQueryParam("grant_type", WireMock.equalTo("authorization_code"))
        .willReturn(okJson(grant.encode())));
    this.upstreams.wechat().stubFor(get(urlPathEqualTo("/sns/userinfo")).withQueryParam("access_token", WireMock.equalTo("at-" + code))
        .willReturn(okJson(new JsonObject().put("openid", openid).put("nickname", "Xiao Ming").put("headimgurl", "https://img/1")
            .put("unionid", unionid).encode())));
  }

  private String grant(String providerId, String code) {
    return given().body(new JsonObject().put("provider_id", providerId).put("provider_code", code).put("provider_redirect_uri", "https://app/cb").encode())
        .post("/auth/v1/provider/token").then().statusCode(200).extract().path("provider_token");
  }

  private void stubLinkedTo(String providerUserId, String ownerId) {
    this.upstreams.cloudBase().stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withQueryParam("provider_user_id", WireMock.equalTo(providerUserId))
        .willReturn(okJson(new JsonObject().put("total", 1).put("data", new JsonArray().add(new JsonObject().put("sub", ownerId))).encode())));
  }

  private void stubLinkApi() {
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/provider/link")).willReturn(okJson("{}")));
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/provider/unlink")).willReturn(okJson("{}")));
  }

  @Test
  void authorizeUrlsForWebsiteAndOfficialAccountKeepTheirStateOnce() {
    var web = given().queryParam("provider_id", "wx_open").queryParam("redirect_uri", "https://app.example.com/cb?x=1").queryParam("state", "s-1")
        .get("/auth/v1/provider/uri").then().statusCode(200).extract().<String>path("uri");
    assertThat(web).startsWith("https://open.weixin.qq.com/connect/qrconnect?appid=" + OPEN_APP + "&redirect_uri=")
        .contains("scope=snsapi_login", "state=s-1", "response_type=code").endsWith("#wechat_redirect");
    assertThat(URLDecoder.decode(web, StandardCharsets.UTF_8)).contains("redirect_uri=https://app.example.com/cb?x=1");
    var mp = given().queryParam("provider_id", "wx_mp").queryParam("redirect_uri", "https://app.example.com/cb").queryParam("state", "s-2")
        .get("/auth/v1/provider/uri").then().statusCode(200).extract().<String>path("uri");
    assertThat(mp).startsWith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=" + MP_APP).contains("scope=snsapi_userinfo");
    assertThat(this.redis.key().pttl("gw:state:" + Secrets.hash("s-1"))).isBetween(1L, 600_000L);
    given().queryParam("provider_id", "wx_open").queryParam("redirect_uri", "https://x").get("/auth/v1/provider/uri").then().statusCode(400);

    stubWeChat(OPEN_APP, "code-s", "o-s", "u-s");
    var body = new JsonObject().put("provider_id", "wx_open").put("provider_code", "code-s").put("provider_redirect_uri", "https://app.example.com/cb?x=1")
        .put("state", "s-1").encode();
    given().body(body).post("/auth/v1/provider/token").then().statusCode(200);
    given().body(body).post("/auth/v1/provider/token").then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void aCodeBecomesASingleUseProviderTokenAndTheSecretStaysHere() {
    stubWeChat(OPEN_APP, "code-1", "o-open-1", "u-1");
    var answer = given().body(new JsonObject().put("provider_id", "wx_open").put("provider_code", "code-1").encode())
        .post("/auth/v1/provider/token").then().statusCode(200).body("provider_token", startsWith("gwp_")).body("expires_in", equalTo(600))
        .body("provider_profile.sub", equalTo("u-1")).body("provider_profile.name", equalTo("Xiao Ming")).extract().asString();
    assertThat(answer).doesNotContain("test-open-app-secret", "at-code-1");
    this.upstreams.wechat().verify(getRequestedFor(urlPathEqualTo("/sns/oauth2/access_token"))
        .withQueryParam("secret", WireMock.equalTo("test-open-app-secret")));
    var token = new JsonObject(answer).getString("provider_token");
    var stored = this.redis.hash(String.class).hgetall("gw:ptok:" + Secrets.hash(token));
    assertThat(stored).containsEntry("unionid", "u-1").containsEntry("openid", "o-open-1").containsEntry("app_id", OPEN_APP);
    assertThat(this.redis.key().pttl("gw:ptok:" + Secrets.hash(token))).isBetween(590_000L, 600_000L);
  }

  @Test
  void weChatErrorsBecomeCloudBaseErrors() {
    var wechat = this.upstreams.wechat();
    for (var errcode : new int[] {40029, 40163}) {
      wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).willReturn(okJson("{\"errcode\":" + errcode + ",\"errmsg\":\"no\"}")));
      given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"c\"}").post("/auth/v1/provider/token").then().statusCode(400)
          .body("error", equalTo("invalid_grant"));
    }
    wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).willReturn(okJson("{\"errcode\":41008,\"errmsg\":\"missing code\"}")));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"c\"}").post("/auth/v1/provider/token").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
    wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).willReturn(okJson("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"c\"}").post("/auth/v1/provider/token").then().statusCode(503)
        .body("error", equalTo("unavailable"));
    wechat.stubFor(get(urlPathEqualTo("/sns/oauth2/access_token")).willReturn(aResponse().withFixedDelay(1500).withBody("{}")));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"c\"}").post("/auth/v1/provider/token").then().statusCode(504)
        .body("error", equalTo("deadline_exceeded"));
    given().body("{\"provider_id\":\"wx_open\"}").post("/auth/v1/provider/token").then().statusCode(400).body("error", equalTo("invalid_argument"));
  }

  @Test
  void bindLinksByUnionidOnceAndTheTokenWorksOnce() {
    stubLinkApi();
    var user = newUser();
    stubWeChat(OPEN_APP, "code-2", "o-open-2", "u-2");
    var token = grant("wx_open", "code-2");
    as(user).body(new JsonObject().put("provider_token", token).encode()).post("/auth/v1/user/provider/bind").then().statusCode(200);
    this.upstreams.cloudBase().verify(postRequestedFor(urlEqualTo("/auth/v1/user/provider/link")).withHeader("Authorization", WireMock.equalTo("Bearer " + ADMIN_TOKEN))
        .withRequestBody(equalToJson("{\"user_id\":\"" + user.id() + "\",\"provider_id\":\"wx_open\",\"provider_user_id\":\"u-2\",\"name\":\"Xiao Ming\","
            + "\"picture\":\"https://img/1\",\"meta\":{\"unionid\":\"u-2\",\"openids\":{\"" + OPEN_APP + "\":\"o-open-2\"}}}")));
    as(user).body(new JsonObject().put("provider_token", token).encode()).post("/auth/v1/user/provider/bind").then().statusCode(400)
        .body("error", equalTo("invalid_grant")).body("error_code", equalTo(4001));
  }

  @Test
  void theOfficialAccountOfTheSameUnionidLandsOnTheSameLink() {
    stubLinkApi();
    var user = newUser();
    stubLinkedTo("u-3", user.id());
    stubWeChat(MP_APP, "code-3", "o-mp-3", "u-3");
    as(user).body(new JsonObject().put("provider_token", grant("wx_mp", "code-3")).encode()).post("/auth/v1/user/provider/bind").then().statusCode(200);
    this.upstreams.cloudBase().verify(postRequestedFor(urlEqualTo("/auth/v1/user/provider/link"))
        .withRequestBody(equalToJson("{\"user_id\":\"" + user.id() + "\",\"provider_user_id\":\"u-3\",\"meta\":{\"openids\":{\"" + MP_APP + "\":\"o-mp-3\"}}}", true, true)));
  }

  @Test
  void withoutUnionidTheAppsOpenidIsTheKey() {
    stubLinkApi();
    var user = newUser();
    stubWeChat(OPEN_APP, "code-4", "o-open-4", null);
    as(user).body(new JsonObject().put("provider_token", grant("wx_open", "code-4")).encode()).post("/auth/v1/user/provider/bind").then().statusCode(200);
    this.upstreams.cloudBase().verify(postRequestedFor(urlEqualTo("/auth/v1/user/provider/link"))
        .withRequestBody(equalToJson("{\"provider_user_id\":\"" + OPEN_APP + ":o-open-4\"}", true, true)));
  }

  @Test
  void anIdentityLinkedToSomeoneElseIsAlreadyExistsAndNothingChanges() {
    stubLinkApi();
    var user = newUser();
    stubLinkedTo("u-5", "someone-else");
    stubWeChat(OPEN_APP, "code-5", "o-open-5", "u-5");
    var token = grant("wx_open", "code-5");
    as(user).body(new JsonObject().put("provider_token", token).encode()).post("/auth/v1/user/provider/bind").then().statusCode(409)
        .body("error", equalTo("already_exists"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/provider/link")));
    assertThat(this.redis.key().exists("gw:ptok:" + Secrets.hash(token))).isTrue();
  }

  @Test
  void aFailedLinkKeepsTheToken() {
    var user = newUser();
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/provider/link")).willReturn(aResponse().withStatus(503).withBody("down")));
    stubWeChat(OPEN_APP, "code-6", "o-open-6", "u-6");
    var token = grant("wx_open", "code-6");
    as(user).body(new JsonObject().put("provider_token", token).encode()).post("/auth/v1/user/provider/bind").then().statusCode(503);
    stubLinkApi();
    as(user).body(new JsonObject().put("provider_token", token).encode()).post("/auth/v1/user/provider/bind").then().statusCode(200);
  }

  private void stubProfile(User user, boolean hasPassword, JsonArray providers) {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
        .willReturn(okJson(new JsonObject().put("sub", user.id()).put("has_password", hasPassword).put("providers", providers).encode())));
  }

  @Test
  void listShowsLinksWithMaskedSubjects() {
    var user = newUser();
    stubProfile(user, true, new JsonArray().add(new JsonObject().put("id", "wx_open").put("provider_user_id", "oUnion1234567890ab")
        .put("name", "Xiao Ming").put("meta", new JsonObject().put("linked_at", "2026-11-24T10:00:00Z"))));
    as(user).get("/auth/v1/user/provider").then().statusCode(200).body("total", equalTo(1)).body("data[0].id", equalTo("wx_open"))
        .body("data[0].name", equalTo("WeChat")).body("data[0].bind", equalTo(true)).body("data[0].subject", equalTo("oUni****ab"))
        .body("data[0].linked_at", equalTo("2026-11-24T10:00:00Z")).body("data[0].provider_user_name", equalTo("Xiao Ming"));
  }

  @Test
  void theLastWayToSignInCannotBeUnlinked() {
    stubLinkApi();
    var onlyWeChat = newUser();
    stubProfile(onlyWeChat, false, new JsonArray().add(new JsonObject().put("id", "wx_open").put("provider_user_id", "u-7")));
    as(onlyWeChat).delete("/auth/v1/user/provider/wx_open").then().statusCode(400).body("error", equalTo("failed_precondition"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/provider/unlink")));
    as(onlyWeChat).delete("/auth/v1/user/provider/wx_mp").then().statusCode(404).body("error", equalTo("provider_not_found"));

    var withPassword = newUser();
    stubProfile(withPassword, true, new JsonArray().add(new JsonObject().put("id", "wx_open").put("provider_user_id", "u-8")));
    as(withPassword).delete("/auth/v1/user/provider/wx_open").then().statusCode(200);
    this.upstreams.cloudBase().verify(postRequestedFor(urlEqualTo("/auth/v1/user/provider/unlink"))
        .withRequestBody(equalToJson("{\"user_id\":\"" + withPassword.id() + "\",\"provider_id\":\"wx_open\"}")));
  }

  @Test
  void otherProvidersStayCloudBases() {
    this.upstreams.cloudBase().stubFor(post(urlPathEqualTo("/auth/v1/provider/token")).willReturn(okJson("{\"provider_token\":\"cloudbase-pt\",\"expires_in\":3600}")));
    given().body("{\"provider_id\":\"github\",\"provider_code\":\"gh\"}").post("/auth/v1/provider/token").then().statusCode(200)
        .body("provider_token", equalTo("cloudbase-pt"));
    this.upstreams.wechat().verify(0, getRequestedFor(urlPathEqualTo("/sns/oauth2/access_token")));
  }
}
