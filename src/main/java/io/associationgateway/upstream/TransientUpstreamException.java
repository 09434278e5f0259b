package io.associationgateway.upstream;

import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;

/** An upstream could not be reached at all; safe to retry for idempotent calls. Answered 503 {@code unavailable}. */
public class TransientUpstreamException extends GatewayException {

  public TransientUpstreamException(String description, Throwable cause) {
    super(ErrorId.UNAVAILABLE, description, cause);
  }
}
