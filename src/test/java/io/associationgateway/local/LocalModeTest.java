package io.associationgateway.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

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
      return Map.of("gateway.cloudbase.url", origin + "/local/cloudbase", "gateway.wechat.api-url", origin + "/local/wechat",
          "gateway.wechat.open-url", origin + "/local/wechat", "quarkus.http.test-port", port,
          // a fixed port too: Quarkus tags the HTTP metrics of a server with a fixed port by server.port, and Prometheus
          // refuses the same meters with and without that tag (the server would never start)
          "quarkus.management.test-port", Integer.toString(freePort()));
    }
  }

  private static int freePort() {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
    var outbox = given().get("/local/outbox").then().statusCode(200).body("messages.recipient", hasItem("+86 13700001111")).extract().jsonPath();
    var code = JsonPath.from(outbox.prettify()).getString("messages.find { it.recipient == '+86 13700001111' }.code");
    var token = given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + code + "\"}").post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access).body("{\"sudo_token\":\"" + sudo + "\",\"phone_number\":\"+86 13700001111\",\"verification_token\":\"" + token + "\"}")
        .patch("/auth/v1/user/contact").then().statusCode(200);

    given().auth().oauth2(access).get("/auth/v1/user/me").then().statusCode(200).body("phone_number", equalTo("+86 13700001111"));
    signIn("+86 13700001111");
  }

  @Test
  void transferLeavesBothAccountsConsistentAndTellsTheOtherOne() {
    var access = signIn("demo");
    var id = given().auth().oauth2(access).body("{\"email\":\"taken@example.com\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    var code = given().get("/local/outbox").then().extract().jsonPath().getString("messages.find { it.recipient == 'taken@example.com' }.code");
    var token = given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + code + "\"}").post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access).body("{\"sudo_token\":\"" + sudo(access) + "\",\"email\":\"taken@example.com\",\"verification_token\":\"" + token
        + "\",\"conflict_resolution\":\"TRANSFER\"}").patch("/auth/v1/user/contact").then().statusCode(200);

    given().auth().oauth2(access).get("/auth/v1/user/me").then().body("email", equalTo("taken@example.com"));
    given().auth().oauth2(signIn("taken")).get("/auth/v1/user/me").then().body("email", org.hamcrest.Matchers.nullValue())
        .body("phone_number", equalTo("+86 13900000000"));
    given().get("/local/outbox").then().body("messages.channel", hasItem("sms-notice:MOVED_AWAY"));
  }

  private static String providerToken(String providerId, String code) {
    return given().body("{\"provider_id\":\"" + providerId + "\",\"provider_code\":\"" + code + "\"}").post("/auth/v1/provider/token")
        .then().statusCode(200).extract().path("provider_token");
  }

  @Test
  void weChatEmulatorLinksBothAppsOfOneUnionidToOneLink() {
    var access = signIn("demo");
    given().auth().oauth2(access).body("{\"provider_token\":\"" + providerToken("wx_open", "same-person") + "\"}")
        .post("/auth/v1/user/provider/bind").then().statusCode(200);
    given().auth().oauth2(access).body("{\"provider_token\":\"" + providerToken("wx_mp", "same-person") + "\"}")
        .post("/auth/v1/user/provider/bind").then().statusCode(200);
    var me = given().auth().oauth2(access).get("/auth/v1/user/me").then().statusCode(200).extract().jsonPath();
    org.assertj.core.api.Assertions.assertThat(me.getList("providers")).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(me.getMap("providers[0].meta.openids")).containsKeys("wxlocalopen000001", "wxlocalmp00000001");

    given().auth().oauth2(signIn("taken")).body("{\"provider_token\":\"" + providerToken("wx_open", "same-person") + "\"}")
        .post("/auth/v1/user/provider/bind").then().statusCode(409).body("error", equalTo("already_exists"));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"used-code\"}").post("/auth/v1/provider/token")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"bad-code\"}").post("/auth/v1/provider/token")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));

    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200).body("data[0].id", equalTo("wx_open"));
    given().auth().oauth2(access).delete("/auth/v1/user/provider/wx_open").then().statusCode(200);
    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200).body("total", equalTo(0));
  }

  @Test
  void theSeedsSandboxProviderTokenBindsInLocalMode() {
    var access = signIn("taken");
    given().auth().oauth2(access).body("{\"provider_token\":\"test_provider_token\"}").post("/auth/v1/user/provider/bind").then().statusCode(200);
    given().auth().oauth2(access).get("/auth/v1/user/provider").then().statusCode(200).body("data.id", hasItem("wx_open"));
    given().auth().oauth2(access).delete("/auth/v1/user/provider/wx_open").then().statusCode(200);
  }

  @Test
  void sandboxAddressesTakeTheFixedCodeAndTakenOnesConflict() {
    var access = signIn("demo");
    var sudo = sudo(access);
    var id = given().auth().oauth2(access).body("{\"email\":\"test@example.com\"}").post("/auth/v1/verification").then().statusCode(200)
        .extract().<String>path("verification_id");
    given().body("{\"verification_id\":\"" + id + "\",\"verification_code\":\"000000\"}").post("/auth/v1/verification/verify").then().statusCode(200);

    var takenId = given().auth().oauth2(access).body("{\"phone_number\":\"+86 13900000000\"}").post("/auth/v1/verification").then().statusCode(200)
        .body("is_user", equalTo(false)).extract().<String>path("verification_id");
    var code = given().get("/local/outbox").then().extract().jsonPath().getString("messages.find { it.recipient == '+86 13900000000' }.code");
    var token = given().body("{\"verification_id\":\"" + takenId + "\",\"verification_code\":\"" + code + "\"}").post("/auth/v1/verification/verify")
        .then().statusCode(200).extract().<String>path("verification_token");
    given().auth().oauth2(access).body("{\"sudo_token\":\"" + sudo + "\",\"phone_number\":\"+86 13900000000\",\"verification_token\":\"" + token + "\"}")
        .patch("/auth/v1/user/contact").then().statusCode(409).body("error", equalTo("already_exists"));
  }
}
