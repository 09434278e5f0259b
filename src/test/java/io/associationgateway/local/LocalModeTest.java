package io.associationgateway.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/** The {@code local} profile: embedded Redis, the CloudBase emulator over real HTTP, the outbox. */
@QuarkusTest
@TestProfile(LocalModeTest.Local.class)
class LocalModeTest {

  /** Runs the app with the local profile, on the test port. */
  public static class Local implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "local";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      var port = Integer.toString(freePort());
      var origin = "http://127.0.0.1:" + port;
      return Map.of("gateway.cloudbase.url", origin + "/local/cloudbase", "gateway.cloudbase.tcb-endpoint", origin + "/local/tcb",
          "quarkus.http.test-port", port);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String signIn(String username) {
    return given().contentType(ContentType.JSON).body("{\"username\":\"" + username + "\",\"password\":\"passwd\"}")
        .post("/auth/v1/signin?client_id=your-env-id").then().statusCode(200).extract().path("access_token");
  }

  private static String sudo(String access) {
    return given().auth().oauth2(access).body("{\"password\":\"passwd\"}").post("/auth/v1/user/sudo").then().statusCode(200)
        .extract().path("sudo_token");
  }

  @Test
  void demoUserBindsAPhoneWithACodeFromTheOutbox() {
    var access = signIn("demo");
    var sudo = sudo(access);
    var id = given().auth().oauth2(access).body("{\"phone_number\":\"13700001111\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    var outbox = given().get("/local/outbox").then().statusCode(200).body("messages.recipient", hasItem("+86 13700001111")).extract()
        .jsonPath();
    var code = JsonPath.from(outbox.prettify()).getString("messages.find { it.recipient == '+86 13700001111' }.code");
    var token = given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + code + "\"}")
        .post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access)
        .body("{\"sudo_token\":\"" + sudo + "\",\"phone_number\":\"+86 13700001111\",\"verification_token\":\"" + token + "\"}")
        .patch("/auth/v1/user/contact").then().statusCode(200);

    given().auth().oauth2(access).get("/auth/v1/user/me").then().statusCode(200).body("phone_number", equalTo("+86 13700001111"));
    signIn("+86 13700001111");
  }

  @Test
  void transferLeavesBothAccountsConsistentAndTellsTheOtherOne() {
    var access = signIn("demo");
    var id = given().auth().oauth2(access).body("{\"email\":\"taken@example.com\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    var code = given().get("/local/outbox").then().extract().jsonPath()
        .getString("messages.find { it.recipient == 'taken@example.com' }.code");
    var token = given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + code + "\"}")
        .post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access)
        .body("{\"sudo_token\":\"" + sudo(access) + "\",\"email\":\"taken@example.com\",\"verification_token\":\"" + token
            + "\",\"conflict_resolution\":\"TRANSFER\"}")
        .patch("/auth/v1/user/contact").then().statusCode(200);

    given().auth().oauth2(access).get("/auth/v1/user/me").then().body("email", equalTo("taken@example.com"));
    given().auth().oauth2(signIn("taken")).get("/auth/v1/user/me").then().body("email", Matchers.nullValue())
        .body("phone_number", equalTo("+86 13900000000"));
    given().get("/local/outbox").then().body("messages.channel", hasItem("sms-notice:MOVED_AWAY"));
  }

  @Test
  void aCodeRequestWithoutBearerSaysTheAuthorizationHeaderIsMissing() {
    given().body("{\"phone_number\":\"+86 13700002222\"}").post("/auth/v1/verification").then().statusCode(401)
        .body("error", equalTo("unauthenticated"))
        .body("error_description",
            equalTo("the Authorization header is missing: send Authorization: Bearer <access_token> (the access_token of "
                + "POST /auth/v1/signin). Without it POST /auth/v1/verification is CloudBase's own sign-up or sign-in call, which the local "
                + "CloudBase emulator does not implement"));
    given().get("/local/outbox").then().body("messages.recipient", Matchers.not(hasItem("+86 13700002222")));
  }

  private static final String DEVICE = "local-mode-test-device-01";

  private static String providerToken(String code) {
    return providerToken(code, null);
  }

  /** CloudBase's provider token for {@code code}; with {@code state}, within that linking round. */
  private static String providerToken(String code, String state) {
    var body = new JsonObject().put("provider_id", "wx_open").put("provider_code", code)
        .put("provider_redirect_uri", "https://app.example.com/cb");
    if (state != null) {
      body.put("state", state);
    }
    return given().header("x-device-id", DEVICE).body(body.encode()).post("/auth/v1/provider/token?client_id=your-env-id")
        .then().statusCode(200).extract().path("provider_token");
  }

  /** The authorize URL of a linking round started by the holder of {@code access}. */
  private static String authorizeUri(String access) {
    return given().auth().oauth2(access).header("x-device-id", DEVICE).queryParam("provider_id", "wx_open")
        .queryParam("redirect_uri", "https://app.example.com/cb").queryParam("state", "st-1").get("/auth/v1/provider/uri")
        .then().statusCode(200).extract().<String>path("uri");
  }

  @Test
  void weChatIsLinkedInCloudBaseSoProviderSignInReachesTheSameAccount() {
    var access = signIn("demo");
    var uri = authorizeUri(access);
    var authorizePage = uri.replaceFirst("^https?://[^/]+", "").replaceFirst("#.*$", "");
    var callback = given().urlEncodingEnabled(false).redirects().follow(false).get(authorizePage).then().statusCode(302).extract()
        .header("Location");
    // the state that comes back is the gateway's, not the client's st-1
    Assertions.assertThat(callback).startsWith("https://app.example.com/cb?code=").contains("state=gwst_").doesNotContain("st-1");
    var code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
    var state = callback.replaceAll(".*[?&]state=([^&#]+).*", "$1");

    given().auth().oauth2(access).header("x-device-id", DEVICE).body("{\"provider_token\":\"" + providerToken(code, state) + "\"}")
        .post("/auth/v1/user/provider/bind").then().statusCode(200);
    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200)
        .body("data.find { it.id == 'wx_open' }.bind", equalTo(true));

    var demo = given().auth().oauth2(access).get("/auth/v1/user/me").then().extract().<String>path("sub");
    given().header("x-device-id", DEVICE).body("{\"provider_token\":\"" + providerToken(code) + "\"}").post("/auth/v1/signin/with/provider")
        .then().statusCode(200).body("sub", equalTo(demo));

    var taken = signIn("taken");
    var takensState = given().urlEncodingEnabled(false).redirects().follow(false)
        .get(authorizeUri(taken).replaceFirst("^https?://[^/]+", "").replaceFirst("#.*$", "")).then().extract().header("Location")
        .replaceAll(".*[?&]state=([^&#]+).*", "$1");
    given().auth().oauth2(taken).body("{\"provider_token\":\"" + providerToken(code, takensState) + "\"}")
        .post("/auth/v1/user/provider/bind").then().statusCode(409).body("error", equalTo("already_exists"));
    given().header("x-device-id", DEVICE).body("{\"provider_id\":\"wx_open\",\"provider_code\":\"used-code\"}")
        .post("/auth/v1/provider/token")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));

    given().auth().oauth2(access).delete("/auth/v1/user/provider/wx_open").then().statusCode(200);
    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200)
        .body("data.findAll { it.bind }", Matchers.empty());
  }

  @Test
  void theSeedsSandboxProviderTokenBindsInLocalMode() {
    var access = signIn("demo");
    given().auth().oauth2(access).body("{\"provider_token\":\"test_provider_token\"}").post("/auth/v1/user/provider/bind").then()
        .statusCode(200);
    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200)
        .body("data.find { it.id == 'wx_open' }.bind", equalTo(true));
    given().auth().oauth2(access).delete("/auth/v1/user/provider/wx_open").then().statusCode(200);
  }

  @Test
  void theGatewaysSudoTokenWorksForCloudBasesOwnPasswordChange() {
    var access = signIn("demo");
    given().auth().oauth2(access).body("{\"new_password\":\"passwd-2\",\"sudo_token\":\"" + sudo(access) + "\"}")
        .patch("/auth/v1/user/password").then().statusCode(200);
    var again = given().contentType(ContentType.JSON).body("{\"username\":\"demo\",\"password\":\"passwd-2\"}")
        .post("/auth/v1/signin").then().statusCode(200).extract().<String>path("access_token");
    var sudo = given().auth().oauth2(again).body("{\"password\":\"passwd-2\"}").post("/auth/v1/user/sudo").then().statusCode(200)
        .extract().<String>path("sudo_token");
    given().auth().oauth2(again).body("{\"new_password\":\"passwd\",\"sudo_token\":{\"sudo_token\":\"" + sudo + "\",\"expires_in\":600}}")
        .patch("/auth/v1/user/password").then().statusCode(200);
    signIn("demo");
  }

  @Test
  void sandboxAddressesTakeTheFixedCodeAndTakenOnesConflict() {
    var access = signIn("demo");
    var sudo = sudo(access);
    var id = given().auth().oauth2(access).body("{\"email\":\"test@example.com\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"000000\"}").post("/auth/v1/verification/verify").then()
        .statusCode(200);

    var takenId = given().auth().oauth2(access).body("{\"phone_number\":\"+86 13900000000\"}").post("/auth/v1/verification").then()
        .statusCode(200)
        .body("is_user", equalTo(false)).extract().<String>path("verification_id");
    var code = given().get("/local/outbox").then().extract().jsonPath()
        .getString("messages.find { it.recipient == '+86 13900000000' }.code");
    var token = given().body("{\"verification_id\":\"" + takenId + "\",\"verification_code\":\"" + code + "\"}")
        .post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access)
        .body("{\"sudo_token\":\"" + sudo + "\",\"phone_number\":\"+86 13900000000\",\"verification_token\":\"" + token + "\"}")
        .patch("/auth/v1/user/contact").then().statusCode(409).body("error", equalTo("already_exists"))
        .body("error_description", equalTo("phone number is already bound to another account; to move it to this account, bind again with "
            + "the same verification_token and conflict_resolution TRANSFER or DELETE_ACCOUNT_TRANSFER"));
  }
}
