package io.associationgateway.failure;

/** A refusal with a stable error id; the only exception type the flow layer throws on purpose. */
public class GatewayException extends RuntimeException {

  private final ErrorId id;
  private final transient Refusal refusal;

  public GatewayException(ErrorId id, String description) {
    this(id, description, null, null);
  }

  public GatewayException(ErrorId id, String description, Throwable cause) {
    this(id, description, cause, null);
  }

  /** A refusal with {@code details} and, when it says when to come back, {@code Retry-After}. */
  public GatewayException(ErrorId id, String description, Refusal refusal) {
    this(id, description, null, refusal);
  }

  private GatewayException(ErrorId id, String description, Throwable cause, Refusal refusal) {
    super(description, cause, false, false);
    this.id = id;
    this.refusal = refusal;
  }

  public ErrorId id() {
    return this.id;
  }

  /** The throttle's answer, or {@code null}. */
  public Refusal refusal() {
    return this.refusal;
  }
}
