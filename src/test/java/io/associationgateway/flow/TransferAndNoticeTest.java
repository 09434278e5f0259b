package io.associationgateway.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Change notices after a bind or replace, and conflict transfers that leave both accounts consistent. */
@QuarkusTest
class TransferAndNoticeTest extends GatewayTest {

  private static String bindBody(String sudo, String phone, String token, String resolution) {
    return new JsonObject().put("sudo_token", sudo).put("phone_number", phone).put("verification_token", token)
        .put("conflict_resolution", resolution).encode();
  }

  private List<JsonObject> edits() {
    return this.upstreams.cloudBase().findAll(postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit"))).stream()
        .map(request -> new JsonObject(request.getBodyAsString())).toList();
  }

  @Test
  void bindingAPhoneTellsTheAccountsEmailWithoutACode() throws Exception {
    var user = newUser(null, "owner@example.com");
    var token = provePhone(user, "+86 13800000030");
    as(user).body(bindBody(sudo(user), "+86 13800000030", token, null)).patch("/auth/v1/user/contact").then().statusCode(200);

    var notices = this.upstreams.smtp().getReceivedMessagesForDomain("owner@example.com");
    assertThat(notices).hasSize(1);
    assertThat(notices[0].getSubject()).isEqualTo("您的账号登录方式已变更");
    var text = GreenMailUtil.getBody(notices[0]);
    assertThat(text).contains("+86 138****0030").doesNotContainPattern("(?<![0-9])[0-9]{6}(?![0-9])");
  }

  @Test
  void replacingAPhoneTellsTheOldPhoneAndTheEmail() throws Exception {
    var user = newUser("+86 13800000031", "both@example.com");
    var token = provePhone(user, "+86 13800000032");
    as(user).header("Accept-Language", "en").body(bindBody(sudo(user), "+86 13800000032", token, null)).patch("/auth/v1/user/contact")
        .then().statusCode(200);

    var noticeSms = this.upstreams.sms().findAll(postRequestedFor(urlEqualTo("/"))).stream()
        .map(request -> new JsonObject(request.getBodyAsString())).filter(body -> body.getString("TemplateId").equals("449740")).toList();
    assertThat(noticeSms).hasSize(1);
    assertThat(noticeSms.get(0).getJsonArray("PhoneNumberSet").getList()).containsExactly("+8613800000031");
    assertThat(noticeSms.get(0).getJsonArray("TemplateParamSet").getList()).isEmpty();
    assertThat(this.upstreams.smtp().getReceivedMessagesForDomain("both@example.com")[0].getSubject())
        .isEqualTo("Your account's sign-in details changed");
  }

  @Test
  void transferMovesTheAddressAndTellsTheOtherAccount() {
    var user = newUser();
    stubOwner("phone_number", "+86 13800000033", new JsonObject().put("sub", "the-other").put("phone_number", "+86 13800000033")
        .put("email", "other@example.com"));
    var token = provePhone(user, "+86 13800000033");
    as(user).body(bindBody(sudo(user), "+86 13800000033", token, "TRANSFER")).patch("/auth/v1/user/contact").then().statusCode(200);

    assertThat(edits()).containsExactly(
        new JsonObject().put("user_id", "the-other").put("phone", ""),
        new JsonObject().put("user_id", user.id()).put("phone", "+86 13800000033"));
    var notice = this.upstreams.smtp().getReceivedMessagesForDomain("other@example.com");
    assertThat(notice).hasSize(1);
    assertThat(GreenMailUtil.getBody(notice[0])).contains("+86 138****0033");
  }

  @Test
  void deleteAccountTransferIsRefusedWhereTheDirectoryCannotDeleteUsers() {
    var user = newUser();
    stubOwner("phone_number", "+86 13800000034", "the-other-2");
    var token = provePhone(user, "+86 13800000034");
    as(user).body(bindBody(sudo(user), "+86 13800000034", token, "DELETE_ACCOUNT_TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
    assertThat(edits()).isEmpty();
  }

  @Test
  void aTransferThatCannotFinishIsUndoneAndKeepsTheToken() {
    var user = newUser();
    stubOwner("phone_number", "+86 13800000035", "the-other-3");
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/basic/edit"))
        .withRequestBody(equalToJson("{\"user_id\":\"" + user.id() + "\",\"phone\":\"+86 13800000035\"}"))
        .willReturn(aResponse().withStatus(503).withBody("down")));
    var token = provePhone(user, "+86 13800000035");
    as(user).body(bindBody(sudo(user), "+86 13800000035", token, "TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(503).body("error", equalTo("unavailable"));

    assertThat(edits()).containsExactly(
        new JsonObject().put("user_id", "the-other-3").put("phone", ""),
        new JsonObject().put("user_id", user.id()).put("phone", "+86 13800000035"),
        new JsonObject().put("user_id", "the-other-3").put("phone", "+86 13800000035"));
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).isTrue();
    assertThat(this.upstreams.smtp().getReceivedMessages()).isEmpty();
  }

  @Test
  void noTransferWithoutProofOfTheCode() {
    var user = newUser();
    stubOwner("phone_number", "+86 13800000036", "the-other-4");
    as(user).body(bindBody(sudo(user), "+86 13800000036", "gwt_guessed", "TRANSFER")).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertThat(edits()).isEmpty();
  }
}
