package io.associationgateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.associationgateway.upstream.tencent.Tc3Signer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The local CloudBase emulators called directly over HTTP: the HTTP API under {@code /local/cloudbase/auth/v1}, the
 * {@code tcb} API under {@code /local/tcb} and CloudBase's WeChat upstream under {@code /local/wechat}. Each test names
 * one rule of the documented contract, most of them a refusal. Tests that change a user work on a fresh one.
 */
@QuarkusTest
@TestProfile(CloudBaseEmulatorTest.Local.class)
class CloudBaseEmulatorTest {

  /** The local profile (emulators on, the local credentials) on a random port. */
  public static class Local implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "local";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.test-port", "0");
    }
  }

  private static final String API = "/local/cloudbase/auth/v1";
  private static final String API_KEY = "local-emulator-api-key";
  private static final String SECRET_ID = "local-emulator-secret-id";
  private static final String SECRET_KEY = "local-emulator-secret-key";
  private static final String ENV = "your-env-id";
  private static final String JSON = "application/json; charset=utf-8";

  private record Fresh(String id, String username, String password, String access) {
  }

  // ---------- helpers ----------

  private static RequestSpecification device() {
    return given().header("x-device-id", "test-device");
  }

  private static String signIn(String username, String password) {
    return given().body(new JsonObject().put("username", username).put("password", password).encode()).post(API + "/signin")
        .then().statusCode(200).extract().path("access_token");
  }

  private static Response providerToken(String code) {
    return device().body(new JsonObject().put("provider_id", "wx_open").put("provider_code", code)
        .put("provider_redirect_uri", "http://localhost/cb").encode()).post(API + "/provider/token");
  }

  private static String mintedProviderToken(String code) {
    return providerToken(code).then().statusCode(200).extract().path("provider_token");
  }

  private static Response providerSignIn(String providerToken) {
    return device().body(new JsonObject().put("provider_token", providerToken).encode()).post(API + "/signin/with/provider");
  }

  private static String uniqueCode() {
    return "code-" + UUID.randomUUID();
  }

  /** A new user (signed up through WeChat, then unlinked) given a password through tcb ModifyUser, then signed in with it. */
  private static Fresh fresh() {
    var id = providerSignIn(mintedProviderToken(uniqueCode())).then().statusCode(200).extract().<String>path("sub");
    var password = "pw-" + UUID.randomUUID();
    tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", id).put("Password", password)).then().statusCode(200)
        .body("Response.Data.Success", equalTo(true));
    var username = tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("UidList", new JsonArray().add(id)))
        .then().extract().<String>path("Response.Data.UserList[0].Name");
    var access = signIn(username, password);
    given().auth().oauth2(access).delete(API + "/user/provider/wx_open").then().statusCode(200);
    return new Fresh(id, username, password, access);
  }

  private static String sudo(String access, String password) {
    return given().auth().oauth2(access).body(new JsonObject().put("password", password).encode()).post(API + "/user/sudo")
        .then().statusCode(200).extract().path("sudo_token");
  }

  private static String adminToken() {
    return given().header("Authorization", basic(SECRET_ID, SECRET_KEY)).body("{\"grant_type\":\"client_credentials\"}")
        .post(API + "/token/clientCredential").then().statusCode(200).extract().path("access_token");
  }

  private static String basic(String id, String key) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static Response edit(String bearer, JsonObject body) {
    return given().auth().oauth2(bearer).body(body.encode()).post(API + "/user/basic/edit");
  }

  private static JsonPath me(String access) {
    return given().auth().oauth2(access).get(API + "/user/me").then().statusCode(200).extract().jsonPath();
  }

  private static Response tcb(String action, JsonObject params) {
    var payload = params.encode();
    return tcbRaw(action, payload, payload, SECRET_ID, SECRET_KEY, Instant.now().getEpochSecond(), "2018-06-08");
  }

  /** A tcb call signed over {@code signed} with the given key pair, sending {@code sent}. */
  private static Response tcbRaw(String action, String signed, String sent, String id, String key, long timestamp, String version) {
    var host = "localhost:" + RestAssured.port;
    var authorization = new Tc3Signer(id, key).authorization("tcb", host, JSON, signed, timestamp);
    return given().header("Content-Type", JSON).header("Host", host).header("X-TC-Action", action).header("X-TC-Version", version)
        .header("X-TC-Timestamp", Long.toString(timestamp)).header("Authorization", authorization)
        .body(sent.getBytes(StandardCharsets.UTF_8)).post("/local/tcb/");
  }

  private static void tcbError(Response response, String code) {
    response.then().statusCode(200).body("Response.Error.Code", equalTo(code)).body("Response.RequestId", not(nullValue()));
  }

  // ---------- credentials ----------

  @Test
  void clientCredentialWithSecretIdAndKeyIsAnAdminAndAnythingElseIsUnauthenticated() {
    var admin = adminToken();
    assertThat(admin).startsWith("cbsvc_");
    given().header("Authorization", basic(SECRET_ID, SECRET_KEY)).body("{\"grant_type\":\"client_credentials\"}")
        .post(API + "/token/clientCredential").then().statusCode(200).body("token_type", equalTo("Bearer"))
        .body("expires_in", equalTo(432000));
    given().header("Authorization", basic(SECRET_ID, "wrong")).body("{\"grant_type\":\"client_credentials\"}")
        .post(API + "/token/clientCredential").then().statusCode(401).body("error", equalTo("unauthenticated"));
    given().header("Authorization", basic("your-env-id", "local-emulator-secret")).body("{\"grant_type\":\"client_credentials\"}")
        .post(API + "/token/clientCredential").then().statusCode(401).body("error", equalTo("unauthenticated"));
    given().auth().oauth2(admin).get(API + "/user/query?email=taken@example.com").then().statusCode(200).body("data[0].sub",
        equalTo("user-taken"));
  }

  @Test
  void apiKeyIsAnAdminAndAUserTokenOrAWrongKeyIsNot() {
    given().auth().oauth2(API_KEY).queryParam("phone_number", "+86 13900000000").get(API + "/user/query").then().statusCode(200)
        .body("total", equalTo(1)).body("data[0].sub", equalTo("user-taken")).body("data[0].phone_number", equalTo("+86 13900000000"));
    given().auth().oauth2(signIn("demo", "passwd")).get(API + "/user/query?email=taken@example.com").then().statusCode(403)
        .body("error", equalTo("permission_denied"));
    given().auth().oauth2("not-the-key").get(API + "/user/query?email=taken@example.com").then().statusCode(403);
  }

  @Test
  void userQueryMatchesExactlyOnOneFilter() {
    given().auth().oauth2(API_KEY).get(API + "/user/query?email=taken@example").then().statusCode(200).body("total", equalTo(0));
    given().auth().oauth2(API_KEY).queryParam("phone_number", "+8613900000000").get(API + "/user/query").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
    given().auth().oauth2(API_KEY).get(API + "/user/query?provider_user_id=x").then().statusCode(400).body("error",
        equalTo("invalid_argument"));
  }

  // ---------- sign-in, profile ----------

  @Test
  void seededUsersSignInAndProfilesUseCloudBaseFormats() {
    var taken = me(signIn("taken", "passwd"));
    assertThat(taken.getString("sub")).isEqualTo("user-taken");
    assertThat(taken.getString("phone_number")).isEqualTo("+86 13900000000");
    assertThat(taken.getString("email")).isEqualTo("taken@example.com");
    var demo = me(signIn("demo", "passwd"));
    assertThat(demo.getString("sub")).isEqualTo("user-demo");
    assertThat(demo.getMap("")).doesNotContainKeys("phone_number", "email");
    assertThat(demo.getList("providers")).isEmpty();
    signIn("+86 13900000000", "passwd");
    signIn("taken@example.com", "passwd");
    given().body("{\"username\":\"demo\",\"password\":\"nope\"}").post(API + "/signin").then().statusCode(400)
        .body("error", equalTo("invalid_username_or_password"));
  }

  @Test
  void bodiesAreJsonWhateverTheContentTypeAndMalformedOnesAreRefused() {
    given().contentType("text/plain").body("{\"username\":\"demo\",\"password\":\"passwd\"}").post(API + "/signin").then().statusCode(200)
        .body("access_token", startsWith("cbat_")).body("refresh_token", startsWith("cbrt_")).body("expires_in", equalTo(7200));
    given().contentType("text/plain").body("{not json").post(API + "/signin").then().statusCode(400)
        .body("error", equalTo("invalid_argument")).body("error_code", equalTo(400)).body("error_description", not(nullValue()));
    given().body("[1]").post(API + "/signin").then().statusCode(400).body("error", equalTo("invalid_argument"));
  }

  @Test
  void fieldsOfTheWrongTypeAreInvalidArgumentsNotServerErrors() {
    device().body("{\"provider_id\":\"wx_open\",\"provider_code\":42}").post(API + "/provider/token").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
    device().body("{\"provider_token\":\"test_provider_token\",\"force_disable_sign_up\":\"yes\"}").post(API + "/signin/with/provider")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
    given().body("{\"username\":7,\"password\":\"passwd\"}").post(API + "/signin").then().statusCode(400).body("error",
        equalTo("invalid_argument"));
    edit(API_KEY, new JsonObject().put("user_id", "user-demo").put("phone", 8613800000000L)).then().statusCode(400)
        .body("error", equalTo("invalid_argument")).body("error_description", containsString("phone"));
  }

  @Test
  void refreshTokenGivesNewCredentials() {
    var refresh = given().body("{\"username\":\"demo\",\"password\":\"passwd\"}").post(API + "/signin").then().extract()
        .<String>path("refresh_token");
    var access = given().body(new JsonObject().put("grant_type", "refresh_token").put("refresh_token", refresh).encode())
        .post(API + "/token")
        .then().statusCode(200).extract().<String>path("access_token");
    assertThat(me(access).getString("sub")).isEqualTo("user-demo");
    given().body("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"cbrt_made_up\"}").post(API + "/token").then().statusCode(400)
        .body("error", equalTo("invalid_grant"));
  }

  @Test
  void unknownCallsAreNotImplemented() {
    given().auth().oauth2(API_KEY).body("{}").post(API + "/user/provider/link").then().statusCode(404).body("error", equalTo("not_found"))
        .body("error_description", equalTo("POST /auth/v1/user/provider/link is not implemented by the local CloudBase emulator"));
    given().body("{}").post(API + "/user/signout").then().statusCode(200);
  }

  // ---------- basic/edit ----------

  @Test
  void basicEditRefusesEveryUndocumentedField() {
    var user = fresh();
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone_number", "+86 13711110000")).then().statusCode(400)
        .body("error", equalTo("invalid_argument")).body("error_description", containsString("phone_number"));
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("status", "DELETED")).then().statusCode(400)
        .body("error", equalTo("invalid_argument")).body("error_description", containsString("status"));
    assertThat(me(user.access()).getString("phone_number")).isNull();
    assertThat(me(user.access()).getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void basicEditPhoneMustBeCountryCodeSpaceNumber() {
    var user = fresh();
    for (var wrong : new String[]{"13711110001", "+8613711110001", "+86-13711110001", "+86 137"}) {
      edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone", wrong)).then().statusCode(400).body("error",
          equalTo("invalid_argument"));
    }
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("email", "not-an-email")).then().statusCode(400).body("error",
        equalTo("invalid_argument"));
    assertThat(me(user.access()).getString("phone_number")).isNull();
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone", "+86 13711110001")).then().statusCode(200).body(equalTo("{}"));
    assertThat(me(user.access()).getString("phone_number")).isEqualTo("+86 13711110001");
    signIn("+86 13711110001", user.password());
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone", "")).then().statusCode(200);
    assertThat(me(user.access()).getString("phone_number")).isNull();
  }

  @Test
  void basicEditOfAnotherUserNeedsAdminRights() {
    var user = fresh();
    edit(user.access(), new JsonObject().put("user_id", "user-demo").put("nickname", "hijack")).then().statusCode(403)
        .body("error", equalTo("permission_denied"));
    edit(user.access(), new JsonObject().put("email", "self-" + user.id() + "@example.com")).then().statusCode(200);
    assertThat(me(user.access()).getString("email")).isEqualTo("self-" + user.id() + "@example.com");
    edit(user.access(), new JsonObject().put("user_id", user.id()).put("nickname", "me")).then().statusCode(200);
    edit("cbat_made_up", new JsonObject().put("nickname", "x")).then().statusCode(401).body("error", equalTo("unauthenticated"));
  }

  @Test
  void basicEditWithAnAdminCredentialNeedsAKnownUserId() {
    edit(API_KEY, new JsonObject().put("email", "nobody@example.com")).then().statusCode(400).body("error", equalTo("invalid_argument"));
    edit(adminToken(), new JsonObject().put("user_id", "user-nobody").put("email", "nobody@example.com")).then().statusCode(404)
        .body("error", equalTo("user_not_found"));
  }

  @Test
  void basicEditRefusesAPhoneOrEmailAnotherUserHas() {
    var user = fresh();
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone", "+86 13900000000")).then().statusCode(409)
        .body("error", equalTo("phone_already_exists")).body("error_code", equalTo(409));
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("email", "taken@example.com")).then().statusCode(409)
        .body("error", equalTo("email_already_exists"));
    assertThat(me(user.access()).getMap("")).doesNotContainKeys("phone_number", "email");
  }

  // ---------- sudo-guarded calls ----------

  @Test
  void sudoWithAWrongPasswordIsRefused() {
    given().auth().oauth2(signIn("demo", "passwd")).body("{\"password\":\"nope\"}").post(API + "/user/sudo").then().statusCode(400)
        .body("error", equalTo("invalid_password"));
    given().auth().oauth2(signIn("demo", "passwd")).body("{\"password\":\"passwd\"}").post(API + "/user/sudo").then().statusCode(200)
        .body("sudo_token", startsWith("cbsudo_")).body("expires_in", equalTo(900));
  }

  @Test
  void passwordChangeTakesOnlyASudoTokenMintedForThisUser() {
    var user = fresh();
    var other = fresh();
    var othersSudo = sudo(other.access(), other.password());
    for (var wrong : new String[]{othersSudo, "cbsudo_made_up", user.access()}) {
      given().auth().oauth2(user.access()).body(new JsonObject().put("new_password", "changed").put("sudo_token", wrong).encode())
          .patch(API + "/user/password").then().statusCode(400).body("error", equalTo("invalid_grant"));
    }
    signIn(user.username(), user.password());
    given().auth().oauth2(user.access())
        .body(new JsonObject().put("new_password", "changed-pw").put("sudo_token", sudo(user.access(), user.password())).encode())
        .patch(API + "/user/password").then().statusCode(200).body(equalTo("{}"));
    signIn(user.username(), "changed-pw");
    given().body(new JsonObject().put("username", user.username()).put("password", user.password()).encode()).post(API + "/signin")
        .then().statusCode(400);
  }

  @Test
  void deleteMeTakesOnlyASudoTokenMintedForThisUser() {
    var user = fresh();
    var other = fresh();
    given().auth().oauth2(user.access()).queryParam("sudo_token", sudo(other.access(), other.password())).delete(API + "/user/me")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    given().auth().oauth2(user.access()).delete(API + "/user/me").then().statusCode(400).body("error", equalTo("invalid_grant"));
    me(user.access());
    given().auth().oauth2(user.access()).queryParam("sudo_token", sudo(user.access(), user.password())).delete(API + "/user/me")
        .then().statusCode(200).body(equalTo("{}"));
    given().auth().oauth2(user.access()).get(API + "/user/me").then().statusCode(401).body("error", equalTo("unauthenticated"));
    given().body(new JsonObject().put("username", user.username()).put("password", user.password()).encode()).post(API + "/signin")
        .then().statusCode(400);
    me(other.access());
  }

  // ---------- tcb API ----------

  @Test
  void tcbRefusesABadSignature() {
    var payload = new JsonObject().put("EnvId", ENV).encode();
    var now = Instant.now().getEpochSecond();
    tcbError(tcbRaw("DescribeUserList", payload, payload, SECRET_ID, "wrong-key", now, "2018-06-08"), "AuthFailure.SignatureFailure");
    tcbError(
        tcbRaw("DescribeUserList", payload, new JsonObject().put("EnvId", ENV).put("Phone", "139").encode(), SECRET_ID, SECRET_KEY, now,
            "2018-06-08"),
        "AuthFailure.SignatureFailure");
    tcbError(tcbRaw("DescribeUserList", payload, payload, "AKIDunknown", SECRET_KEY, now, "2018-06-08"), "AuthFailure.SecretIdNotFound");
    tcbError(tcbRaw("DescribeUserList", payload, payload, SECRET_ID, SECRET_KEY, now - 3600, "2018-06-08"), "AuthFailure.SignatureExpire");
    tcbError(given().header("Content-Type", JSON).header("X-TC-Action", "DescribeUserList").header("X-TC-Version", "2018-06-08")
        .header("X-TC-Timestamp", Long.toString(now)).body(payload).post("/local/tcb/"), "AuthFailure.InvalidAuthorization");
    tcbError(tcbRaw("DescribeUserList", payload, payload, SECRET_ID, SECRET_KEY, now, "2017-03-12"), "NoSuchVersion");
    tcbError(tcb("DescribeEndUsers", new JsonObject().put("EnvId", ENV)), "InvalidAction");
  }

  @Test
  void tcbRefusesUnknownParametersWrongTypesAndAnotherEnvironment() {
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", "user-demo").put("PhoneNumber", "13711112222")),
        "UnknownParameter");
    tcbError(tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("PageSize", "10")), "InvalidParameter");
    tcbError(tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("PageSize", 101)), "InvalidParameterValue");
    tcbError(tcb("DescribeUserList", new JsonObject().put("EnvId", "other-env")), "InvalidParameter.EnvId");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Phone", "13711112222")), "MissingParameter");
  }

  @Test
  void tcbDescribeUserListMatchesFuzzilyAndShowsElevenDigitPhones() {
    var list = tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("Phone", "139000")).then().statusCode(200)
        .body("Response.Error", nullValue()).extract().jsonPath();
    assertThat(list.getList("Response.Data.UserList.Uid")).contains("user-taken");
    assertThat(list.getString("Response.Data.UserList.find { it.Uid == 'user-taken' }.Phone")).isEqualTo("13900000000");
    assertThat(list.getString("Response.Data.UserList.find { it.Uid == 'user-taken' }.Type")).isEqualTo("externalUser");
    tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("Email", "example.com")).then()
        .body("Response.Data.UserList.Uid", hasItem("user-taken"));
    tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("Phone", "13900000000")).then()
        .body("Response.Data.UserList.Uid", hasItem("user-taken"));
  }

  @Test
  void tcbModifyUserTakesElevenDigitPhonesAndRefusesDuplicates() {
    var user = fresh();
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Phone", "+86 13722223333")),
        "InvalidParameterValue");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Phone", "1372222")), "InvalidParameterValue");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Phone", "13900000000")), "ResourceInUse");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Email", "taken@example.com")),
        "ResourceInUse");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", "user-nobody").put("Email", "x@example.com")),
        "ResourceNotFound.User");
    tcbError(tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("UserStatus", "DELETED")),
        "InvalidParameterValue");
    assertThat(me(user.access()).getMap("")).doesNotContainKeys("phone_number", "email");
    tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Phone", "13722223333")).then()
        .body("Response.Data.Success", equalTo(true));
    assertThat(me(user.access()).getString("phone_number")).isEqualTo("+86 13722223333");
    edit(API_KEY, new JsonObject().put("user_id", user.id()).put("phone", "+86 13722223333")).then().statusCode(200);
    var other = fresh();
    edit(API_KEY, new JsonObject().put("user_id", other.id()).put("phone", "+86 13722223333")).then().statusCode(409);
    tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("Phone", "")).then().body("Response.Data.Success",
        equalTo(true));
    assertThat(me(user.access()).getString("phone_number")).isNull();
  }

  @Test
  void tcbBlockedUsersCannotSignInAndTheirTokensStop() {
    var user = fresh();
    tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("UserStatus", "BLOCKED")).then()
        .body("Response.Data.Success", equalTo(true));
    given().auth().oauth2(user.access()).get(API + "/user/me").then().statusCode(401);
    given().body(new JsonObject().put("username", user.username()).put("password", user.password()).encode()).post(API + "/signin")
        .then().statusCode(400).body("error", equalTo("user_blocked"));
    tcb("ModifyUser", new JsonObject().put("EnvId", ENV).put("Uid", user.id()).put("UserStatus", "ACTIVE")).then()
        .body("Response.Data.Success", equalTo(true));
    me(user.access());
  }

  @Test
  void tcbDeleteUsersDeletesForGood() {
    var user = fresh();
    tcb("DeleteUsers", new JsonObject().put("EnvId", ENV).put("Uids", new JsonArray().add(user.id()).add("user-nobody"))).then()
        .body("Response.Data.SuccessCount", equalTo(1)).body("Response.Data.FailedCount", equalTo(1));
    given().auth().oauth2(user.access()).get(API + "/user/me").then().statusCode(401);
    tcb("DescribeUserList", new JsonObject().put("EnvId", ENV).put("UidList", new JsonArray().add(user.id()))).then()
        .body("Response.Data.Total", equalTo(0));
    tcbError(tcb("DeleteUsers", new JsonObject().put("EnvId", ENV).put("Uids", new JsonArray())), "InvalidParameterValue");
  }

  // ---------- provider flow ----------

  @Test
  void providerCallsRequireADeviceId() {
    given().get(API + "/provider/uri?provider_id=wx_open&redirect_uri=http://localhost/cb&state=s").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
    given().body("{\"provider_id\":\"wx_open\",\"provider_code\":\"any\"}").post(API + "/provider/token").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
    given().body("{\"provider_token\":\"test_provider_token\"}").post(API + "/signin/with/provider").then().statusCode(400)
        .body("error", equalTo("invalid_argument"));
  }

  @Test
  void providerUriPointsAtTheWeChatEmulatorWithTheConsoleApp() {
    var uri = device().get(API + "/provider/uri?provider_id=wx_open&redirect_uri=http://localhost/cb&state=s1").then().statusCode(200)
        .extract().<String>path("uri");
    // the authorize URL names the host the client reached the emulator by (its Host header)
    assertThat(uri)
        .startsWith(RestAssured.baseURI + ":" + RestAssured.port
            + "/local/wechat/connect/qrconnect?appid=wxlocalopen000001&redirect_uri=http%3A%2F%2Flocalhost%2Fcb")
        .contains("response_type=code&scope=snsapi_login&state=s1").endsWith("#wechat_redirect");
    device().get(API + "/provider/uri?provider_id=github&redirect_uri=http://localhost/cb&state=s1").then().statusCode(400)
        .body("error", equalTo("provider_not_enabled"));
  }

  @Test
  void providerTokenExchangesTheCodeWithWeChat() {
    var code = uniqueCode();
    var first = providerToken(code).then().statusCode(200).body("expires_in", equalTo(3600))
        .body("provider_profile.provider_id", equalTo("wx_open")).extract().jsonPath();
    assertThat(first.getString("provider_token")).startsWith("cbpt_");
    assertThat(first.getString("provider_profile.name")).startsWith("WeChat user ");
    providerToken(code).then().statusCode(200).body("provider_profile.sub", equalTo(first.getString("provider_profile.sub")));
    providerToken(uniqueCode()).then().statusCode(200).body("provider_profile.sub", not(equalTo(first.getString("provider_profile.sub"))));
    for (var refused : new String[]{"bad-code", "used-code"}) {
      providerToken(refused).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }
  }

  @Test
  void bindTakesOnlyProviderTokensItMintedAndEachOnce() {
    var user = fresh();
    given().auth().oauth2(user.access()).body("{\"provider_token\":\"cbpt_made_up\"}").post(API + "/user/provider/bind").then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    var code = uniqueCode();
    var token = mintedProviderToken(code);
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", token).encode()).post(API + "/user/provider/bind")
        .then().statusCode(200).body(equalTo("{}"));
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", token).encode()).post(API + "/user/provider/bind")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", mintedProviderToken(code)).encode())
        .post(API + "/user/provider/bind").then().statusCode(200);
    var profile = me(user.access());
    assertThat(profile.getString("providers[0].id")).isEqualTo("wx_open");
    assertThat(profile.getString("providers[0].provider_user_id"))
        .isEqualTo(providerToken(code).then().extract().path("provider_profile.sub"));
    given().auth().oauth2(user.access()).get(API + "/user/provider").then().statusCode(200).body("total", equalTo(1))
        .body("data[0].id", equalTo("wx_open")).body("data[0].bind", equalTo(true)).body("data[0].provider_type", equalTo("oauth"));
    given().body(new JsonObject().put("provider_token", mintedProviderToken(uniqueCode())).encode()).post(API + "/user/provider/bind")
        .then().statusCode(401);
  }

  @Test
  void bindOfASecondIdentityNeedsTheFirstUnbound() {
    var user = fresh();
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", mintedProviderToken(uniqueCode())).encode())
        .post(API + "/user/provider/bind").then().statusCode(200);
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", mintedProviderToken(uniqueCode())).encode())
        .post(API + "/user/provider/bind").then().statusCode(400).body("error", equalTo("failed_precondition"));
  }

  @Test
  void bindOfAnIdentityBoundToAnotherUserIsAlreadyExists() {
    var owner = fresh();
    var code = uniqueCode();
    given().auth().oauth2(owner.access()).body(new JsonObject().put("provider_token", mintedProviderToken(code)).encode())
        .post(API + "/user/provider/bind").then().statusCode(200);
    var other = fresh();
    var token = mintedProviderToken(code);
    given().auth().oauth2(other.access()).body(new JsonObject().put("provider_token", token).encode()).post(API + "/user/provider/bind")
        .then().statusCode(409).body("error", equalTo("already_exists"));
    given().auth().oauth2(other.access()).get(API + "/user/provider").then().body("data[0].bind", equalTo(false));
    assertThat(me(other.access()).getList("providers")).isEmpty();
  }

  @Test
  void signInWithProviderReachesTheUserTheIdentityIsBoundTo() {
    var user = fresh();
    var code = uniqueCode();
    given().auth().oauth2(user.access()).body(new JsonObject().put("provider_token", mintedProviderToken(code)).encode())
        .post(API + "/user/provider/bind").then().statusCode(200);
    providerSignIn(mintedProviderToken(code)).then().statusCode(200).body("sub", equalTo(user.id())).body("access_token",
        startsWith("cbat_"));
    device().body(new JsonObject().put("provider_token", mintedProviderToken(uniqueCode())).put("force_disable_sign_up", true).encode())
        .post(API + "/signin/with/provider").then().statusCode(404).body("error", equalTo("user_not_found"));
    providerSignIn("cbpt_made_up").then().statusCode(400).body("error", equalTo("invalid_grant"));
    var created = providerSignIn(mintedProviderToken(uniqueCode())).then().statusCode(200).extract().<String>path("access_token");
    assertThat(me(created).getString("username")).startsWith("wx_");
    assertThat(me(created).getBoolean("has_password")).isFalse();
  }

  @Test
  void sandboxProviderTokenIsReusableAndStandsForSeedCode() {
    var first = providerSignIn("test_provider_token").then().statusCode(200).extract().<String>path("sub");
    providerSignIn("test_provider_token").then().statusCode(200).body("sub", equalTo(first));
    providerSignIn(mintedProviderToken("seed-code")).then().statusCode(200).body("sub", equalTo(first));
  }

  @Test
  void unbindOfAProviderNotLinkedIsProviderNotFound() {
    var user = providerSignIn(mintedProviderToken(uniqueCode())).then().statusCode(200).extract().<String>path("access_token");
    assertThat(me(user).getList("providers")).hasSize(1);
    given().auth().oauth2(user).delete(API + "/user/provider/wx_open").then().statusCode(200).body(equalTo("{}"));
    assertThat(me(user).getList("providers")).isEmpty();
    given().auth().oauth2(user).delete(API + "/user/provider/wx_open").then().statusCode(404).body("error", equalTo("provider_not_found"));
    given().auth().oauth2(user).delete(API + "/user/provider/github").then().statusCode(404).body("error", equalTo("provider_not_found"));
  }

  // ---------- WeChat emulator ----------

  @Test
  void weChatKnowsOnlyTheConsoleApp() {
    given().get(
        "/local/wechat/sns/oauth2/access_token?appid=wxlocalopen000001&secret=local-open-app-secret&code=x&grant_type=authorization_code")
        .then().statusCode(200).body("unionid", not(nullValue())).body("scope", equalTo("snsapi_login"));
    given()
        .get(
            "/local/wechat/sns/oauth2/access_token?appid=wxlocalmp00000001&secret=local-mp-app-secret&code=x&grant_type=authorization_code")
        .then().body("errcode", equalTo(40013));
    given().get("/local/wechat/sns/oauth2/access_token?appid=wxlocalopen000001&secret=wrong&code=x&grant_type=authorization_code")
        .then().body("errcode", equalTo(40125));
    given().redirects().follow(false)
        .get("/local/wechat/connect/qrconnect?appid=wxlocalopen000001&redirect_uri=http://localhost/cb&state=s")
        .then().statusCode(302).header("Location", startsWith("http://localhost/cb?code=local-"));
  }
}
