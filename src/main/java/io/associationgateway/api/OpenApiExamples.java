package io.associationgateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.associationgateway.failure.ErrorId;

/**
 * One example error body per documented error answer, so Swagger UI shows under each status what the gateway really
 * sends there (401 {@code unauthenticated}, 429 with {@code details}, ...). An operation's own example wins over the
 * status's common one.
 */
final class OpenApiExamples {

  private static final Map<String, Map<String, Object>> BY_OPERATION = Map.ofEntries(
      Map.entry("reauthenticate 400", body(ErrorId.INVALID_PASSWORD, "wrong password", null)),
      Map.entry("sendVerificationCode 400",
          body(ErrorId.INVALID_ARGUMENT, "phone_number is not a valid mobile number (e.g. +86 13800000000)", null)),
      Map.entry("sendVerificationCode 409",
          body(ErrorId.IDEMPOTENCY_IN_PROGRESS, "a request with this Idempotency-Key is still running", null)),
      Map.entry("sendVerificationCode 429",
          body(ErrorId.RESOURCE_EXHAUSTED, "a code was just sent to this address; wait before asking again",
              details("target", "cooldown", 42, null))),
      Map.entry("verifyCode 400",
          body(ErrorId.INVALID_VERIFICATION_CODE, "wrong verification code; 4 attempts left", details("target", "attempts", null, 4))),
      Map.entry("verifyCode 404",
          body(ErrorId.NOT_FOUND, "verification_id is unknown, expired or replaced by a newer code; request a new code", null)),
      Map.entry("verifyCode 409", body(ErrorId.IDEMPOTENCY_IN_PROGRESS, "a request with this Idempotency-Key is still running", null)),
      Map.entry("verifyCode 429", body(ErrorId.RESOURCE_EXHAUSTED, "too many wrong codes for this verification_id; request a new code",
          details("target", "cap", null, null))),
      Map.entry("bindContact 400",
          body(ErrorId.INVALID_GRANT, "sudo_token is invalid or expired; re-authenticate with POST /auth/v1/user/sudo", null)),
      Map.entry("bindContact 409", body(ErrorId.ALREADY_EXISTS, "another account already has this phone number or email", null)),
      Map.entry("providerAuthorizeUri 400", body(ErrorId.INVALID_ARGUMENT,
          "redirect_uri is not one of this gateway's allowed redirect URIs (gateway.provider.redirect-uris)", null)),
      Map.entry("providerAuthorizeUri 429",
          body(ErrorId.RESOURCE_EXHAUSTED, "too many requests from this network; slow down", details("ip", "cap", 30, null))),
      Map.entry("grantProviderToken 400", body(ErrorId.INVALID_GRANT, "the provider code is invalid, expired or used", null)),
      Map.entry("grantProviderToken 429",
          body(ErrorId.RESOURCE_EXHAUSTED, "too many requests from this network; slow down", details("ip", "cap", 30, null))),
      Map.entry("bindProvider 400", body(ErrorId.INVALID_GRANT, "the provider token is invalid, expired or used", null)),
      Map.entry("bindProvider 403", body(ErrorId.PERMISSION_DENIED,
          "this provider token was not obtained in a linking round this user or device started", null)),
      Map.entry("bindProvider 409", body(ErrorId.ALREADY_EXISTS, "this WeChat identity is linked to another account", null)),
      Map.entry("unbindProvider 400",
          body(ErrorId.FAILED_PRECONDITION, "this is the account's last way to sign in; add a password, phone number or email first",
              null)),
      Map.entry("unbindProvider 404", body(ErrorId.PROVIDER_NOT_FOUND, "no such link on this account", null)));

  private static final Map<String, Map<String, Object>> BY_STATUS = Map.of(
      "429",
      body(ErrorId.RESOURCE_EXHAUSTED, "too many requests in flight from this network; retry shortly", details("ip", "cap", 1, null)),
      "408", body(ErrorId.REQUEST_TIMEOUT, "the request body did not arrive in time", null),
      "401", body(ErrorId.UNAUTHENTICATED, "sign in first: Authorization: Bearer <access_token> is required", null),
      "403", body(ErrorId.USER_BLOCKED, "the account is locked or blocked", null),
      "413", body(ErrorId.PAYLOAD_TOO_LARGE, "request body is larger than 65536 bytes", null),
      "422", body(ErrorId.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request body", null),
      "502", body(ErrorId.UPSTREAM_BAD_RESPONSE, "CloudBase closed the connection", null),
      "503",
      body(ErrorId.UNAVAILABLE, "CloudBase is failing; calls to it are paused for a moment", details("upstream", "circuit_open", 5, null)),
      "504", body(ErrorId.DEADLINE_EXCEEDED, "CloudBase did not answer in time", null));

  private OpenApiExamples() {
  }

  /** The example body for this operation's answer with this status, or null when there is none. */
  static Map<String, Object> of(String operationId, String status) {
    var own = BY_OPERATION.get(operationId + " " + status);
    return own != null ? own : BY_STATUS.get(status);
  }

  private static Map<String, Object> body(ErrorId id, String description, Map<String, Object> details) {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", id.error());
    body.put("error_code", id.code());
    body.put("error_description", description);
    if (details != null) {
      body.put("details", details);
    }
    return body;
  }

  private static Map<String, Object> details(String scope, String kind, Integer retryAfterS, Integer attemptsLeft) {
    var details = new LinkedHashMap<String, Object>();
    if (scope != null) {
      details.put("scope", scope);
    }
    details.put("kind", kind);
    if (retryAfterS != null) {
      details.put("retry_after_s", retryAfterS);
    }
    if (attemptsLeft != null) {
      details.put("attempts_left", attemptsLeft);
    }
    return details;
  }
}
