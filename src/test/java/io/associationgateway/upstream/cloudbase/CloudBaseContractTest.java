package io.associationgateway.upstream.cloudbase;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.support.ContractFixture;
import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.UpstreamsResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Contract fixtures of CloudBase's HTTP API (src/test/resources/contract): for every call the gateway makes, the request
 * equals the documented one (method, path, the headers that matter, body fields and formats) and the documented
 * example answer is handled as it should be. Its own profile, so the app (and its cached server token) starts fresh.
 */
@QuarkusTest
@TestProfile(CloudBaseContractTest.Fresh.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudBaseContractTest extends GatewayTest {

  public static class Fresh implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.cloudbase.directory", "http");
    }
  }

  private static final String DEVICE = "contract-device-0123456789";

  private Map<String, String> values(User user) {
    var values = new HashMap<String, String>();
    values.put("basic",
        Base64.getEncoder().encodeToString((UpstreamsResource.CLOUDBASE_SECRET_ID + ":" + UpstreamsResource.CLOUDBASE_SECRET_KEY)
            .getBytes(StandardCharsets.UTF_8)));
    values.put("adminToken", ADMIN_TOKEN);
    values.put("device", DEVICE);
    if (user != null) {
      values.put("userId", user.id());
      values.put("accessToken", user.accessToken());
      values.put("password", user.password());
    }
    return values;
  }

  private ContractFixture fixture(String name, User user) {
    var fixture = ContractFixture.load(name, values(user));
    fixture.stub(this.upstreams.cloudBase());
    return fixture;
  }

  private void bind(User user, String field, String value, String token) {
    as(user).body(new JsonObject().put("sudo_token", sudo(user)).put(field, value).put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").then().statusCode(200);
  }

  @Test
  @Order(1)
  void clientCredentialsAreExchangedOnceThenBasicEditWritesThePhoneAndTheEmailAsDocumented() {
    var user = newUser();
    var exchange = fixture("client-credential", user);
    var phone = fixture("basic-edit-phone", user);
    var email = fixture("basic-edit-email", user);

    bind(user, "phone_number", "+86 13000000000", provePhone(user, "+86 13000000000"));
    var id = sendCode(user, "email", "contract-fixture@example.com");
    bind(user, "email", "contract-fixture@example.com", verify(id, lastEmailCode("contract-fixture@example.com")));

    this.upstreams.cloudBase().verify(1, exchange.requested());
    this.upstreams.cloudBase().verify(1, phone.requested());
    this.upstreams.cloudBase().verify(1, email.requested());
    this.upstreams.cloudBase().verify(2, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void theOwnerLookupOfTheHttpDirectoryIsTheAssumedQueryAndItsAnswerMeansTaken() {
    var user = newUser();
    var query = fixture("user-query", user);
    var token = provePhone(user, "+86 13100000000");
    as(user)
        .body(
            new JsonObject().put("sudo_token", sudo(user)).put("phone_number", "+86 13100000000").put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").then().statusCode(409).body("error", equalTo("already_exists"));
    this.upstreams.cloudBase().verify(1, query.requested());
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void theDocumentedProfileAndSudoAnswersAreRead() {
    var user = newUser();
    var me = fixture("user-me", user);
    var sudo = fixture("user-sudo", user);
    var token = as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo")
        .then().statusCode(200).body("sudo_token", startsWith("gws_")).extract().<String>path("sudo_token");
    assertThat(token).isNotEqualTo("cloudbase-documented-sudo-token");
    // the documented profile's phone_number is the caller's own: a code to it proves re-authentication (is_user)
    as(user).body("{\"phone_number\":\"+86 13000000001\"}").post("/auth/v1/verification").then().statusCode(200).body("is_user",
        equalTo(true));
    this.upstreams.cloudBase().verify(1, sudo.requested());
    assertThat(this.upstreams.cloudBase().countRequestsMatching(me.requested().build()).getCount()).isPositive();
  }

  @Test
  void theProviderFlowIsRelayedAsDocumentedAndItsAnswersComeBackUnchanged() {
    var user = newUser();
    var uri = fixture("provider-uri", user);
    var token = fixture("provider-token", user);
    var bind = fixture("user-provider-bind", user);

    // the documented call, with the state the gateway minted in place of the client's (xyz)
    var uriPath = WireMock.urlPathEqualTo("/auth/v1/provider/uri");
    this.upstreams.cloudBase().stubFor(WireMock.get(uriPath)
        .withQueryParam("provider_id", WireMock.equalTo("wx_open"))
        .withQueryParam("redirect_uri", WireMock.equalTo("https://app.example.com/cb"))
        .withQueryParam("state", WireMock.matching("gwst_[A-Za-z0-9_-]{43}"))
        .willReturn(WireMock.okJson(uri.answerBody().encode())));
    var uriAnswer = as(user).header("x-device-id", DEVICE).urlEncodingEnabled(false)
        .get("/auth/v1/provider/uri?provider_id=wx_open&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&state=xyz").then().statusCode(200)
        .extract().asString();
    assertThat(new JsonObject(uriAnswer)).isEqualTo(uri.answerBody());
    var state = this.upstreams.cloudBase().findAll(WireMock.getRequestedFor(uriPath)).get(0)
        .queryParameter("state").firstValue();
    var tokenAnswer = as(user).header("x-device-id", DEVICE)
        .body(
            "{\"provider_id\":\"wx_open\",\"provider_code\":\"documented-code\",\"provider_redirect_uri\":\"https://app.example.com/cb\",\"state\":\""
                + state + "\"}")
        .post("/auth/v1/provider/token").then().statusCode(200).extract().asString();
    assertThat(new JsonObject(tokenAnswer)).isEqualTo(token.answerBody());
    as(user).body("{\"provider_token\":\"" + new JsonObject(tokenAnswer).getString("provider_token") + "\"}")
        .post("/auth/v1/user/provider/bind")
        .then().statusCode(200).body(equalTo("{}"));

    this.upstreams.cloudBase().verify(1, WireMock.getRequestedFor(uriPath));
    this.upstreams.cloudBase().verify(1, token.requested());
    this.upstreams.cloudBase().verify(1, bind.requested());
  }

  @Test
  void unlinkReadsTheDocumentedProviderListAndRelaysTheDelete() {
    var user = newUser();
    fixture("user-me", user);
    var providers = fixture("user-providers", user);
    var unbind = fixture("user-unbind-provider", user);
    as(user).delete("/auth/v1/user/provider/github").then().statusCode(200).body(equalTo("{}"));
    this.upstreams.cloudBase().verify(1, providers.requested());
    this.upstreams.cloudBase().verify(1, unbind.requested());
  }

  @Test
  @Order(2)
  void aRefusedServerCredentialIsUnavailableNeverUnauthenticatedAndTheTokenIsFetchedAnew() {
    var user = newUser();
    var exchange = fixture("client-credential", user);
    this.upstreams.cloudBase().stubFor(WireMock.post(urlEqualTo("/auth/v1/user/basic/edit")).atPriority(1)
        .willReturn(WireMock.aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"unauthenticated\",\"error_code\":4003,\"error_description\":\"token expired\"}")));
    var token = provePhone(user, "+86 13000000002");
    var sudo = sudo(user);
    var body = new JsonObject().put("sudo_token", sudo).put("phone_number", "+86 13000000002").put("verification_token", token).encode();
    as(user).body(body).patch("/auth/v1/user/contact").then().statusCode(503).body("error", equalTo("unavailable"));

    this.upstreams.cloudBase().resetMappings();
    newUserStubs(user);
    fixture("client-credential", user);
    fixture("basic-edit-phone", user);
    this.upstreams.cloudBase().stubFor(WireMock.post(urlEqualTo("/auth/v1/user/basic/edit"))
        .withRequestBody(WireMock.equalToJson("{\"user_id\":\"" + user.id() + "\",\"phone\":\"+86 13000000002\"}"))
        .willReturn(WireMock.okJson("{}")));
    this.upstreams.cloudBase().stubFor(WireMock.get(WireMock.urlPathEqualTo("/auth/v1/user/query"))
        .willReturn(WireMock.okJson("{\"total\":0,\"data\":[]}")));
    as(user).body(body).patch("/auth/v1/user/contact").then().statusCode(200);
    this.upstreams.cloudBase().verify(1, exchange.requested());
  }

  /** The user's own CloudBase answers again after a reset of the stand-in. */
  private void newUserStubs(User user) {
    this.upstreams.cloudBase().stubFor(WireMock.get(urlEqualTo("/auth/v1/user/me"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
        .willReturn(WireMock.okJson(new JsonObject().put("sub", user.id()).encode())));
  }
}
