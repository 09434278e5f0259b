package io.associationgateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.vertx.core.json.JsonObject;

/**
 * CloudBase and Tencent Cloud SMS on WireMock in the test's JVM, stubbed like the {@code @QuarkusTest}s stub them, and
 * the prod-profile settings that point a packaged gateway at them.
 */
final class ProdUpstreams implements AutoCloseable {

  static final String EDIT = "/auth/v1/user/basic/edit";
  static final String API_KEY = "it-cloudbase-api-key";

  final WireMockServer cloudBase = new WireMockServer(options().dynamicPort().containerThreads(64));
  final WireMockServer sms = new WireMockServer(options().dynamicPort().containerThreads(64));

  /** A signed-in user of the fake CloudBase: its id, access token and password. */
  record User(String id, String accessToken, String password) {
  }

  ProdUpstreams() {
    this.cloudBase.start();
    this.sms.start();
    // the http directory with an API key, as documented: Bearer <key>, basic/edit {user_id, phone | email}
    this.cloudBase.stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .willReturn(okJson("{\"total\":0,\"data\":[]}")));
    this.cloudBase.stubFor(post(urlEqualTo(EDIT)).withHeader("Authorization", equalTo("Bearer " + API_KEY))
        .withRequestBody(matching("\\{\"user_id\":\"[^\"]+\",(\"phone\":\"(\\+\\d{1,3} \\d{4,14})?\"|\"email\":\"[^\"]*\")\\}"))
        .willReturn(okJson("{}")));
    this.sms.stubFor(post(urlEqualTo("/"))
        .willReturn(okJson("{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"5000:1\",\"PhoneNumber\":\"+8613800000000\","
            + "\"Fee\":1,\"Code\":\"Ok\",\"Message\":\"send success\",\"IsoCode\":\"CN\"}],\"RequestId\":\"req-1\"}}")));
  }

  /** The prod-profile settings for a packaged gateway on these upstreams and {@code redisHosts}; limits wide (every client is 127.0.0.1). */
  List<String> gatewayConfig(String redisHosts) {
    return new ArrayList<>(List.of("-Dquarkus.profile=prod", "-Dquarkus.redis.hosts=" + redisHosts,
        "-Dgateway.cloudbase.url=" + this.cloudBase.baseUrl(), "-Dgateway.cloudbase.env-id=it-env",
        "-Dgateway.cloudbase.directory=http", "-Dgateway.cloudbase.api-key=" + API_KEY, "-Dgateway.cloudbase.timeout=3s",
        "-Dgateway.flow.code-hmac-key=it-code-hmac-key-0123456789abcdef0123",
        "-Dgateway.sms.endpoint=" + this.sms.baseUrl(), "-Dgateway.sms.secret-id=AKIDitsecretid", "-Dgateway.sms.secret-key=it-secret-key",
        "-Dgateway.sms.sdk-app-id=1400006666", "-Dgateway.sms.sign-name=ItSign", "-Dgateway.sms.template-id=449739",
        "-Dquarkus.mailer.host=smtp.it.invalid", "-Dquarkus.mailer.from=no-reply@it.invalid",
        "-Dgateway.policy.resend-cooldown=0s", "-Dgateway.policy.ip-send-burst=100000", "-Dgateway.policy.ip-verify-burst=100000",
        "-Dgateway.policy.global-sms-per-hour=100000", "-Dquarkus.log.console.json.enabled=false",
        "-Dgateway.provider.redirect-uris=https://app/cb"));
  }

  /** A new user known to {@code user/me} and to the password check. */
  User newUser() {
    var user = new User("user-" + UUID.randomUUID(), "at-" + UUID.randomUUID(), "pw-" + UUID.randomUUID());
    var profile = new JsonObject().put("sub", user.id()).put("name", "someone");
    this.cloudBase.stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .willReturn(okJson(profile.encode())));
    this.cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/sudo")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson(new JsonObject().put("password", user.password()).encode()))
        .willReturn(okJson("{\"sudo_token\":\"cloudbase-own-sudo-token\",\"expires_in\":900}")));
    return user;
  }

  /** The contact write for {@code user} (higher priority than the default stub). */
  MappingBuilder editOf(User user) {
    return post(urlEqualTo(EDIT)).atPriority(1).withRequestBody(matchingJsonPath("$.user_id", equalTo(user.id())));
  }

  /** How many contact writes CloudBase received for {@code user}. */
  int editsFor(User user) {
    return this.cloudBase.findAll(postRequestedFor(urlEqualTo(EDIT)).withRequestBody(matchingJsonPath("$.user_id", equalTo(user.id()))))
        .size();
  }

  /** How many SMS Tencent Cloud received for {@code e164}. */
  int smsTo(String e164) {
    return (int) this.sms.findAll(postRequestedFor(urlEqualTo("/"))).stream()
        .filter(request -> new JsonObject(request.getBodyAsString()).getJsonArray("PhoneNumberSet").contains(e164)).count();
  }

  /** The code in the last SMS to {@code e164}. */
  String lastCode(String e164) {
    var requests = this.sms.findAll(postRequestedFor(urlEqualTo("/")));
    for (int i = requests.size() - 1; i >= 0; i--) {
      var body = new JsonObject(requests.get(i).getBodyAsString());
      if (body.getJsonArray("PhoneNumberSet").contains(e164)) {
        return body.getJsonArray("TemplateParamSet").getString(0);
      }
    }
    throw new AssertionError("no SMS to " + e164);
  }

  static ResponseDefinitionBuilder slowly(int status, int delayMillis) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(status == 200 ? "{}" : "{\"error\":\"unavailable\",\"error_description\":\"busy\"}").withFixedDelay(delayMillis);
  }

  @Override
  public void close() {
    this.cloudBase.stop();
    this.sms.stop();
  }
}
