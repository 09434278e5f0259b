package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** CloudBase's error envelope. */
@Schema(name = "Error", description = "CloudBase error envelope; `error` is the name the SDK reads, `error_code` the gateway's stable id.")
public record ErrorBody(
    @Schema(description = "CloudBase error name", example = "invalid_grant") String error,
    @Schema(description = "Stable numeric error id", example = "4001") @JsonProperty("error_code") int errorCode,
    @Schema(description = "Human readable reason; never contains codes, tokens or full contacts", example = "sudo_token is invalid or expired") @JsonProperty("error_description") String errorDescription,
    @Schema(description = "Present on throttled and wrong-code answers, when an upstream's circuit breaker is open, and when the replica sheds load") @JsonInclude(JsonInclude.Include.NON_NULL) Details details) {

  /** Why a limit refused the request and when to come back. */
  @Schema(name = "ErrorDetails")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Details(
      @Schema(description = "Whose limit: target (the phone/email), user, ip or global; upstream when an upstream's circuit breaker is open; gateway when the replica sheds load", example = "target") String scope,
      @Schema(description = "cooldown (wait), cap (count reached), lockout (too many wrong codes), attempts (wrong code), circuit_open (upstream failing, not called) or overloaded (replica at its limit of requests in flight)", example = "cooldown") String kind,
      @Schema(description = "Seconds until a retry can succeed; also sent as Retry-After", example = "42") @JsonProperty("retry_after_s") Long retryAfterS,
      @Schema(description = "Wrong codes still allowed before the code or the address locks", example = "4") @JsonProperty("attempts_left") Integer attemptsLeft) {
  }
}
