package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /auth/v1/verification}: where to send a code. */
@Schema(name = "VerificationRequest", description = "Exactly one of phone_number and email.")
public record VerificationRequest(
    @Schema(description = "Mobile number, CloudBase form; a number without country code is read as +86", example = "+86 13800000000") @JsonProperty("phone_number") String phoneNumber,
    @Schema(description = "E-mail address", example = "test@example.com") String email,
    @Schema(description = "ANY (default), USER, NOT_USER or CUR_USER (the account's own contact)", example = "ANY") String target,
    @Schema(description = "REGISTER, SIGN_IN and PASSWORD_RESET are CloudBase's own flows and are passed to CloudBase; "
        + "absent, PHONE_NUMBER_CHANGE and EMAIL_ADDRESS_CHANGE are handled by the gateway") String usage) {
}
