package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A sudo grant for the caller. */
@Schema(name = "SudoResponse")
public record SudoResponse(
    @Schema(description = "Opaque sudo token, bound to the caller", example = "gws_q2V0bWFoZ1...") @JsonProperty("sudo_token") String sudoToken,
    @Schema(description = "Seconds the token lives", example = "600") @JsonProperty("expires_in") long expiresIn) {
}
