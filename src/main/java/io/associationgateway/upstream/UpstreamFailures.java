package io.associationgateway.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.failure.UpstreamFaultException;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;

/**
 * Turns transport failures of an upstream call into typed faults ({@link UpstreamFaultException}, counted by the
 * upstream's circuit breaker): unreachable 503, slow 504, broken connection or garbled answer 502.
 */
public final class UpstreamFailures {

  private UpstreamFailures() {
  }

  /**
   * Fails {@code call} with a {@link TimeoutException} (504) when its answer, body included, is not complete within
   * {@code timeoutMillis}. The Vert.x request timeout alone only bounds the silence between two packets, so an
   * upstream dribbling its body would hold the caller for as long as it likes.
   */
  public static <T> Uni<T> within(long timeoutMillis, Uni<T> call) {
    return call.ifNoItem().after(Duration.ofMillis(timeoutMillis))
        .failWith(() -> new TimeoutException("no complete answer in " + timeoutMillis + " ms"));
  }

  public static GatewayException map(String upstream, Throwable failure) {
    if (failure instanceof GatewayException known) {
      return known;
    }
    if (failure instanceof TimeoutException || failure instanceof ConnectTimeoutException) {
      return new UpstreamFaultException(ErrorId.DEADLINE_EXCEEDED, upstream + " did not answer in time", failure);
    }
    if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
      return new TransientUpstreamException(upstream + " is unavailable", failure);
    }
    if (failure instanceof HttpClosedException || failure instanceof IOException) {
      return new UpstreamFaultException(ErrorId.UPSTREAM_BAD_RESPONSE, upstream + " closed the connection", failure);
    }
    return new UpstreamFaultException(ErrorId.UPSTREAM_BAD_RESPONSE, upstream + " call failed", failure);
  }

  /**
   * The refusal for an upstream answer that is not what its API promises (a 5xx, or a body that is not its JSON). A
   * 4xx without the upstream's error body is answered 502 too but is the upstream refusing this one request, so it is
   * not an {@link UpstreamFaultException} and does not count against the circuit breaker.
   */
  public static GatewayException badAnswer(String upstream, int status) {
    if (status == 503) {
      return new TransientUpstreamException(upstream + " is unavailable (HTTP 503)", null);
    }
    if (status == 504) {
      return new UpstreamFaultException(ErrorId.DEADLINE_EXCEEDED, upstream + " timed out (HTTP 504)", null);
    }
    var description = upstream + " gave an unexpected answer (HTTP " + status + ")";
    if (status >= 400 && status < 500) {
      return new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, description);
    }
    return new UpstreamFaultException(ErrorId.UPSTREAM_BAD_RESPONSE, description, null);
  }
}
