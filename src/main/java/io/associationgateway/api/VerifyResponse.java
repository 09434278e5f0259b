package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The code was right. */
@Schema(name = "VerifyResponse")
public record VerifyResponse(
    @Schema(description = "Single-use token proving the address", example = "gwt_Zk9x...") @JsonProperty("verification_token") String verificationToken,
    @Schema(description = "Seconds the token lives", example = "600") @JsonProperty("expires_in") long expiresIn) {
}
