package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CloudBase's error envelope. */
@Schema(name = "Error", description = "CloudBase error envelope; `error` is the name the SDK reads, `error_code` the gateway's stable id.")
public record ErrorBody(
    @Schema(description = "CloudBase error name", example = "invalid_grant") String error,
    @Schema(description = "Stable numeric error id", example = "4001") @JsonProperty("error_code") int errorCode,
    @Schema(description = "Human readable reason; never contains codes, tokens or full contacts", example = "sudo_token is invalid or expired")
    @JsonProperty("error_description") String errorDescription) {

  public static ErrorBody of(ErrorId id, String description) {
    return new ErrorBody(id.error(), id.code(), description);
  }
}
