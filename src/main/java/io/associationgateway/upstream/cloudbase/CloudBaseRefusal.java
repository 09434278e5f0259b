package io.associationgateway.upstream.cloudbase;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;

/** CloudBase refused one request with its error envelope: the gateway's error id, plus CloudBase's own name and answer. */
public class CloudBaseRefusal extends GatewayException {

  private final String error;
  private final String rawAnswer;

  public CloudBaseRefusal(ErrorId id, String description, String error, String rawAnswer) {
    super(id, description);
    this.error = error;
    this.rawAnswer = rawAnswer;
  }

  /** CloudBase's {@code error} name as it answered it. */
  public String error() {
    return this.error;
  }

  /** CloudBase's answer body as text (for {@link CloudBaseAssumptions#logRecognised}). */
  public String rawAnswer() {
    return this.rawAnswer;
  }
}
