package io.associationgateway.api;

/** A refusal with a stable error id; the only exception type the flow layer throws on purpose. */
public class GatewayException extends RuntimeException {

  private final ErrorId id;

  public GatewayException(ErrorId id, String description) {
    super(description, null, false, false);
    this.id = id;
  }

  public GatewayException(ErrorId id, String description, Throwable cause) {
    super(description, cause, false, false);
    this.id = id;
  }

  public ErrorId id() {
    return this.id;
  }
}
