package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /auth/v1/verification/verify}. */
@Schema(name = "VerifyRequest")
public record VerifyRequest(
    @Schema(description = "From POST /auth/v1/verification", required = true) @JsonProperty("verification_id") String verificationId,
    @Schema(description = "The code the user received", example = "000000", required = true) @JsonProperty("verification_code") String verificationCode) {
}
