package io.associationgateway.failure;

/**
 * Every error the gateway answers, with CloudBase's error name ({@code error}), a stable numeric id
 * ({@code error_code}) and the HTTP status. The official SDK decides by {@code error} alone; clients generated from
 * the OpenAPI document can switch on {@code error_code}.
 */
public enum ErrorId {
  INVALID_ARGUMENT("invalid_argument", 4000, 400), INVALID_GRANT("invalid_grant", 4001, 400), UNAUTHENTICATED("unauthenticated", 4003,
      401), NOT_FOUND("not_found", 4004, 404), INVALID_PASSWORD("invalid_password", 4005, 400), PASSWORD_NOT_SET("password_not_set", 4006,
          400), INVALID_VERIFICATION_CODE("invalid_verification_code", 4007, 400), PERMISSION_DENIED("permission_denied", 4008,
              403), FAILED_PRECONDITION("failed_precondition", 4010, 400), PROVIDER_NOT_FOUND("provider_not_found", 4041,
                  404), USER_BLOCKED("user_blocked", 4009, 403), ALREADY_EXISTS("already_exists", 4090, 409), IDEMPOTENCY_IN_PROGRESS(
                      "aborted", 4091, 409), IDEMPOTENCY_KEY_REUSED("invalid_argument", 4220, 422), PAYLOAD_TOO_LARGE("invalid_argument",
                          4130, 413), UNSUPPORTED_MEDIA_TYPE("invalid_argument", 4150, 415), METHOD_NOT_ALLOWED("invalid_argument", 4050,
                              405), REQUEST_TIMEOUT("deadline_exceeded", 4080, 408), RESOURCE_EXHAUSTED("resource_exhausted", 4290,
                                  429), INTERNAL("internal", 5000, 500), UPSTREAM_BAD_RESPONSE("unavailable", 5020,
                                      502), UNAVAILABLE("unavailable", 5030, 503), DEADLINE_EXCEEDED("deadline_exceeded", 5040, 504);

  private final String error;
  private final int code;
  private final int status;

  ErrorId(String error, int code, int status) {
    this.error = error;
    this.code = code;
    this.status = status;
  }

  /** CloudBase error name, the {@code error} field. */
  public String error() {
    return this.error;
  }

  /** Stable numeric id, the {@code error_code} field. */
  public int code() {
    return this.code;
  }

  /** HTTP status answered with this error. */
  public int status() {
    return this.status;
  }
}
