package io.associationgateway.upstream.cloudbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.ContractFixture;
import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.TcbStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Contract fixtures of the {@code tcb} API (src/test/resources/contract/tcb-*.json): each call's parameters equal the
 * documented ones exactly, signed as documented (the stand-in checks TC3), and the documented example answer is read
 * right: the fuzzy list filtered to the exact match, {@code Success}, {@code SuccessCount}.
 */
@QuarkusTest
@TestProfile(TcbDirectoryTest.Tcb.class)
class TcbContractTest extends GatewayTest {

  private TcbStandIn tcb;

  @BeforeEach
  void standIn() {
    this.tcb = new TcbStandIn(this.upstreams.cloudBase(), "test-env");
    this.tcb.stub("DescribeUserList", params -> true, new JsonObject().put("Total", 0).put("UserList", new JsonArray()));
    this.tcb.stub("ModifyUser", params -> true, new JsonObject().put("Success", true));
  }

  private String bind(User user, String phone, String resolution) {
    var body = new JsonObject().put("sudo_token", sudo(user)).put("phone_number", phone).put("verification_token", provePhone(user, phone));
    if (resolution != null) {
      body.put("conflict_resolution", resolution);
    }
    return body.encode();
  }

  @Test
  void describeUserListIsSentAsDocumentedAndOnlyTheExactMatchOfItsAnswerOwnsTheNumber() {
    var user = newUser();
    var fixture = ContractFixture.load("tcb-describe-user-list", Map.of());
    fixture.stub(this.tcb);
    as(user).body(bind(user, "+86 13900139000", null)).patch("/auth/v1/user/contact").then().statusCode(409).body("error",
        equalTo("already_exists"));
    assertThat(fixture.made(this.tcb)).isEqualTo(1);
    assertThat(this.tcb.calls("ModifyUser")).isEmpty();
  }

  @Test
  void modifyUserIsSentAsDocumentedAndItsAnswerMeansWritten() {
    var user = newUser();
    var fixture = ContractFixture.load("tcb-modify-user", Map.of("userId", user.id()));
    fixture.stub(this.tcb);
    as(user).body(bind(user, "+86 13900139001", null)).patch("/auth/v1/user/contact").then().statusCode(200);
    assertThat(fixture.made(this.tcb)).isEqualTo(1);
  }

  @Test
  void deleteUsersIsSentAsDocumentedAndItsAnswerMeansDeleted() {
    var user = newUser();
    this.tcb.stub("DescribeUserList", params -> "13900139002".equals(params.getString("Phone")), new JsonObject().put("Total", 1)
        .put("UserList", new JsonArray().add(new JsonObject().put("Uid", "19837204372934434").put("Phone", "13900139002"))));
    var fixture = ContractFixture.load("tcb-delete-users", Map.of());
    fixture.stub(this.tcb);
    as(user).body(bind(user, "+86 13900139002", "DELETE_ACCOUNT_TRANSFER")).patch("/auth/v1/user/contact").then().statusCode(200);
    assertThat(fixture.made(this.tcb)).isEqualTo(1);
  }
}
