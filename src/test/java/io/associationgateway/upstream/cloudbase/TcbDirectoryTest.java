package io.associationgateway.upstream.cloudbase;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.TcbStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code tcb} user directory against a stand-in of Tencent Cloud API 3.0 that checks the TC3 signature and accepts
 * only documented parameters: exact-match lookup over a fuzzy {@code DescribeUserList}, one {@code ModifyUser} per bind
 * with an 11-digit {@code Phone}, duplicates as {@code 409}, mainland-only numbers, and transfers whose irreversible
 * {@code DeleteUsers} comes last.
 */
@QuarkusTest
@TestProfile(TcbDirectoryTest.Tcb.class)
class TcbDirectoryTest extends GatewayTest {

  public static class Tcb implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.cloudbase.directory", "tcb", "gateway.policy.conflict-resolutions", "TRANSFER,DELETE_ACCOUNT_TRANSFER",
          "gateway.policy.sms-extra-countries", "HK");
    }
  }

  private TcbStandIn tcb;

  @BeforeEach
  void standIn() {
    this.tcb = new TcbStandIn(this.upstreams.cloudBase(), "test-env");
    this.tcb.stub("DescribeUserList", params -> true, users());
    this.tcb.stub("ModifyUser", params -> true, new JsonObject().put("Success", true));
    this.tcb.stub("DeleteUsers", params -> true, new JsonObject().put("SuccessCount", 1).put("FailedCount", 0));
  }

  private static JsonObject users(JsonObject... users) {
    return new JsonObject().put("Total", users.length).put("UserList", new JsonArray(List.of((Object[]) users)));
  }

  private static JsonObject user(String uid, String phone, String email) {
    return new JsonObject().put("Uid", uid).put("Name", uid).put("Phone", phone).put("Email", email).put("Type", "externalUser")
        .put("UserStatus", "ACTIVE");
  }

  private static String bindBody(String sudo, String field, String value, String token, String resolution) {
    var body = new JsonObject().put("sudo_token", sudo).put(field, value).put("verification_token", token);
    return (resolution == null ? body : body.put("conflict_resolution", resolution)).encode();
  }

  @Test
  void aPhoneBindIsOneModifyUserWithElevenDigitsAfterAnExactLookupOverTheFuzzyList() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13800000040".equals(params.getString("Phone")),
        users(user("someone-else", "138000000401", null), user("another", "13800000041", null)));
    var token = provePhone(user, "+86 13800000040");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000040", token, null)).patch("/auth/v1/user/contact").then()
        .statusCode(200);

    assertThat(this.tcb.calls("ModifyUser")).containsExactly(
        new JsonObject().put("Uid", user.id()).put("Phone", "13800000040").put("EnvId", "test-env"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void anEmailBindIsOneModifyUserWithTheAddress() {
    var user = newUser();
    var id = sendCode(user, "email", "tcb-bind@example.com");
    var token = verify(id, lastEmailCode("tcb-bind@example.com"));
    as(user).body(bindBody(sudo(user), "email", "tcb-bind@example.com", token, null)).patch("/auth/v1/user/contact").then().statusCode(200);
    assertThat(this.tcb.calls("ModifyUser")).containsExactly(
        new JsonObject().put("Uid", user.id()).put("Email", "tcb-bind@example.com").put("EnvId", "test-env"));
  }

  @Test
  void aTakenPhoneIsAlreadyExistsWithNothingWritten() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13800000042".equals(params.getString("Phone")), users(user("owner", "13800000042", null)));
    var token = provePhone(user, "+86 13800000042");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000042", token, null)).patch("/auth/v1/user/contact")
        .then().statusCode(409).body("error", equalTo("already_exists"));
    assertThat(this.tcb.calls("ModifyUser")).isEmpty();
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).as("token kept").isTrue();
  }

  @Test
  void aDuplicateThatModifyUserReportsIsAlreadyExistsAndKeepsTheToken() {
    var user = newUser();
    this.tcb.stubError("ModifyUser", params -> "13800000043".equals(params.getString("Phone")), "ResourceInUse");
    var token = provePhone(user, "+86 13800000043");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000043", token, null)).patch("/auth/v1/user/contact")
        .then().statusCode(409).body("error", equalTo("already_exists"));
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).isTrue();
  }

  @Test
  void aNumberOutsideMainlandChinaIsRefusedBeforeAnyCodeIsSent() {
    var user = newUser();
    as(user).body("{\"phone_number\":\"+852 51234567\"}").post("/auth/v1/verification")
        .then().statusCode(400).body("error", equalTo("invalid_argument")).body("error_description", containsString("mainland China"));
    this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aRefusedKeyPairIsUnavailableNeverUnauthenticated() {
    var user = newUser();
    this.tcb.stubError("DescribeUserList", params -> true, "AuthFailure.SecretIdNotFound");
    var token = provePhone(user, "+86 13800000044");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000044", token, null)).patch("/auth/v1/user/contact")
        .then().statusCode(503).body("error", equalTo("unavailable"));
  }

  @Test
  void deleteAccountTransferBlocksClearsSetsAndDeletesLast() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13800000045".equals(params.getString("Phone")),
        users(user("other-45", "13800000045", null)));
    var token = provePhone(user, "+86 13800000045");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000045", token, "DELETE_ACCOUNT_TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(200);
    assertThat(this.tcb.sequence()).containsExactly(
        "DescribeUserList {\"PageNo\":1,\"PageSize\":100,\"Phone\":\"13800000045\",\"EnvId\":\"test-env\"}",
        "ModifyUser {\"UserStatus\":\"BLOCKED\",\"Uid\":\"other-45\",\"EnvId\":\"test-env\"}",
        "ModifyUser {\"Phone\":\"\",\"Uid\":\"other-45\",\"EnvId\":\"test-env\"}",
        "ModifyUser {\"Phone\":\"13800000045\",\"Uid\":\"" + user.id() + "\",\"EnvId\":\"test-env\"}",
        "DeleteUsers {\"Uids\":[\"other-45\"],\"EnvId\":\"test-env\"}");
  }

  @Test
  void aTransferWhoseFinalWriteFailsIsUndoneAndNothingIsDeleted() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13800000046".equals(params.getString("Phone")),
        users(user("other-46", "13800000046", null)));
    this.tcb.stubError("ModifyUser", params -> user.id().equals(params.getString("Uid")), "InternalError");
    var token = provePhone(user, "+86 13800000046");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000046", token, "DELETE_ACCOUNT_TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(503);
    assertThat(this.tcb.calls("ModifyUser")).containsExactly(
        new JsonObject().put("UserStatus", "BLOCKED").put("Uid", "other-46").put("EnvId", "test-env"),
        new JsonObject().put("Phone", "").put("Uid", "other-46").put("EnvId", "test-env"),
        new JsonObject().put("Phone", "13800000046").put("Uid", user.id()).put("EnvId", "test-env"),
        new JsonObject().put("Phone", "13800000046").put("Uid", "other-46").put("EnvId", "test-env"),
        new JsonObject().put("UserStatus", "ACTIVE").put("Uid", "other-46").put("EnvId", "test-env"));
    assertThat(this.tcb.calls("DeleteUsers")).isEmpty();
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).as("token kept for the retry").isTrue();
  }

  @Test
  void aFailedDeletionLeavesTheBindDoneAndTheOtherAccountBlocked() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13800000047".equals(params.getString("Phone")),
        users(user("other-47", "13800000047", null)));
    this.tcb.stubError("DeleteUsers", params -> true, "InternalError");
    var token = provePhone(user, "+86 13800000047");
    as(user).body(bindBody(sudo(user), "phone_number", "+86 13800000047", token, "DELETE_ACCOUNT_TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(200);
    assertThat(this.tcb.calls("ModifyUser"))
        .doesNotContain(new JsonObject().put("UserStatus", "ACTIVE").put("Uid", "other-47").put("EnvId", "test-env"));
    assertThat(this.tcb.calls("DeleteUsers")).hasSize(1);
  }
}
