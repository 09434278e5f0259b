package io.associationgateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** One audit event per security step, with who, what (masked), where from and which request; never a secret. */
@QuarkusTest
class AuditTest extends GatewayTest {

  private final LogCapture audit = new LogCapture("io.associationgateway.audit");

  @BeforeEach
  void listen() {
    this.audit.attach();
  }

  @AfterEach
  void stopListening() {
    this.audit.detach();
  }

  @Test
  void eachSecurityStepIsOneMaskedEvent() {
    var user = newUser(null, "audited@example.com");
    var sudoToken = as(user).header("x-request-id", "req-sudo-1").header("X-Forwarded-For", "203.0.113.7")
        .body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo").then().statusCode(200)
        .extract().<String>path("sudo_token");
    as(user).body("{\"password\":\"wrong-one\"}").post("/auth/v1/user/sudo").then().statusCode(400);
    var id = sendCode(user, "phone_number", "+86 13800000040");
    var code = lastSmsCode("+8613800000040");
    var token = verify(id, code);
    as(user)
        .body(
            new JsonObject().put("sudo_token", sudoToken).put("phone_number", "+86 13800000040").put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").then().statusCode(200);

    assertThat(this.audit.messages()).anySatisfy(event -> assertThat(event)
        .isEqualTo("event=sudo outcome=granted_by_password user=" + user.id() + " target=- ip=203.0.113.7 request=req-sudo-1"));
    assertThat(this.audit.messages())
        .anySatisfy(event -> assertThat(event).startsWith("event=sudo outcome=refused_invalid_password user=" + user.id()));
    assertThat(this.audit.messages())
        .anySatisfy(event -> assertThat(event).startsWith("event=code.send outcome=sent user=" + user.id() + " target=+86 138****0040"));
    assertThat(this.audit.messages()).anySatisfy(event -> assertThat(event).startsWith("event=code.verify outcome=verified"));
    assertThat(this.audit.messages())
        .anySatisfy(event -> assertThat(event).startsWith("event=bind outcome=bound user=" + user.id() + " target=+86 138****0040"));
    assertThat(this.audit.messages()).anySatisfy(
        event -> assertThat(event).startsWith("event=notice.added outcome=sent user=" + user.id() + " target=a***@example.com"));
    assertThat(String.join("\n", this.audit.messages())).doesNotContain(code, token, id, sudoToken, user.password(), user.accessToken(),
        "wrong-one",
        "13800000040", "audited@example.com");
  }
}
