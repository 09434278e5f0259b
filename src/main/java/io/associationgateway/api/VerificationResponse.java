package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A code was sent. */
@Schema(name = "VerificationResponse")
public record VerificationResponse(
    @Schema(description = "Id to verify the code under", example = "gwv_3J6vQm...") @JsonProperty("verification_id") String verificationId,
    @Schema(description = "Seconds the code can be verified", example = "600") @JsonProperty("expires_in") long expiresIn,
    @Schema(description = "True only when the address is the caller's own phone number or email") @JsonProperty("is_user") boolean isUser) {
}
