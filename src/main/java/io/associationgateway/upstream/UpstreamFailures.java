package io.associationgateway.upstream;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.vertx.core.http.HttpClosedException;

/** Turns transport failures of an upstream call into typed refusals: down 503, slow 504, broken 502. */
public final class UpstreamFailures {

  private UpstreamFailures() {
  }

  public static GatewayException map(String upstream, Throwable failure) {
    if (failure instanceof GatewayException known) {
      return known;
    }
    if (failure instanceof TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException) {
      return new GatewayException(ErrorId.DEADLINE_EXCEEDED, upstream + " did not answer in time", failure);
    }
    if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
      return new TransientUpstreamException(upstream + " is unavailable", failure);
    }
    if (failure instanceof HttpClosedException || failure instanceof java.io.IOException) {
      return new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, upstream + " closed the connection", failure);
    }
    return new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, upstream + " call failed", failure);
  }

  /** The refusal for an upstream answer that is not what its API promises (a 5xx, or a body that is not its JSON). */
  public static GatewayException badAnswer(String upstream, int status) {
    if (status == 503) {
      return new TransientUpstreamException(upstream + " is unavailable (HTTP 503)", null);
    }
    if (status == 504) {
      return new GatewayException(ErrorId.DEADLINE_EXCEEDED, upstream + " timed out (HTTP 504)");
    }
    return new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, upstream + " gave an unexpected answer (HTTP " + status + ")");
  }
}
