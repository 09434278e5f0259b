package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /auth/v1/user/sudo}: re-authenticate with exactly one of the two. */
@Schema(name = "SudoRequest", description = "Exactly one of password and verification_token.")
public record SudoRequest(
    @Schema(description = "The account's password; checked by CloudBase", example = "passwd") String password,
    @Schema(description = "A verification_token that proved one of the account's own phone number or email") @JsonProperty("verification_token") String verificationToken) {
}
