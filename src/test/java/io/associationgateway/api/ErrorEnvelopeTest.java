package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.vertx.core.json.JsonObject;

/** The one writer of the error envelope: what every error answer's body and headers hold. */
class ErrorEnvelopeTest {

  @Test
  void aPlainRefusalHasTheThreeFieldsAndNoDetails() {
    var body = new JsonObject(ErrorEnvelope.json(ErrorId.INVALID_GRANT, "sudo_token is invalid or expired", null));

    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "error_code", "error_description");
    assertThat(body.getString("error")).isEqualTo("invalid_grant");
    assertThat(body.getInteger("error_code")).isEqualTo(4001);
    assertThat(body.getString("error_description")).isEqualTo("sudo_token is invalid or expired");
  }

  @Test
  void aThrottledRefusalCarriesDetailsAndRetryAfter() {
    var refusal = new GatewayException(ErrorId.RESOURCE_EXHAUSTED, "wait",
        new Refusal(Refusal.Scope.TARGET, Refusal.Kind.COOLDOWN, Duration.ofMillis(41_200), null));

    var response = ErrorEnvelope.response(refusal);
    var body = new JsonObject((String) response.getEntity());

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("42");
    assertThat(body.getJsonObject("details").getMap()).containsOnlyKeys("scope", "kind", "retry_after_s")
        .containsEntry("scope", "target").containsEntry("kind", "cooldown").containsEntry("retry_after_s", 42);
  }

  @Test
  void aWrongCodeSaysHowManyAttemptsAreLeftWithoutRetryAfter() {
    var refusal = new GatewayException(ErrorId.INVALID_VERIFICATION_CODE, "wrong verification code; 1 attempt left",
        new Refusal(Refusal.Scope.TARGET, Refusal.Kind.ATTEMPTS, Duration.ZERO, 1));

    var response = ErrorEnvelope.response(refusal);

    assertThat(response.getHeaderString("Retry-After")).isNull();
    assertThat(new JsonObject((String) response.getEntity()).getJsonObject("details").getMap())
        .containsOnlyKeys("scope", "kind", "attempts_left").containsEntry("attempts_left", 1);
  }

  @Test
  void descriptionsAreEscapedIntoValidJson() {
    var text = "quote \" backslash \\ newline \n tab \t bell \u0007 中文";

    var body = new JsonObject(ErrorEnvelope.json(ErrorId.INVALID_ARGUMENT, text, null));

    assertThat(body.getString("error_description")).isEqualTo(text);
  }
}
