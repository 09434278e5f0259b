package io.associationgateway.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;

/** {@code PATCH /auth/v1/user/contact}: bind a proved phone number or email. */
@Schema(name = "ContactRequest", description = "Exactly one of phone_number and email.")
public record ContactRequest(
    @Schema(description = "The sudo token, or the whole object POST /auth/v1/user/sudo returned (as the seed code passes it)", oneOf = {
        String.class, SudoResponse.class}, required = true) @JsonProperty("sudo_token") Object sudoToken,
    @Schema(description = "Phone number to bind; must be the one the verification_token proved", example = "+86 13800000000") @JsonProperty("phone_number") String phoneNumber,
    @Schema(description = "Email to bind; must be the one the verification_token proved", example = "test@example.com") String email,
    @Schema(description = "From POST /auth/v1/verification/verify", required = true) @JsonProperty("verification_token") String verificationToken,
    @Schema(description = "What to do when another account has the address: DEFAULT refuses (already_exists); TRANSFER moves it "
        + "from that account; DELETE_ACCOUNT_TRANSFER moves it and marks that account deleted. The last two only where "
        + "gateway.policy.conflict-resolutions enables them.", enumeration = {"DEFAULT", "TRANSFER",
            "DELETE_ACCOUNT_TRANSFER"}, example = "DEFAULT") @JsonProperty("conflict_resolution") String conflictResolution) {

  /** The sudo token, whether sent as a string or inside the sudo response object. */
  public String sudoTokenText() {
    var value = this.sudoToken instanceof Map<?, ?> object ? object.get("sudo_token") : this.sudoToken;
    if (!(value instanceof String text) || text.isBlank()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT,
          "sudo_token is required (a string, or the object returned by /auth/v1/user/sudo)");
    }
    return text;
  }
}
