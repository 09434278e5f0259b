package io.associationgateway.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.StateStoreUnavailableException;
import io.quarkus.logging.Log;

/** Every failure of a JAX-RS resource becomes its error id and status here; {@link ErrorEnvelope} writes the answer. */
public class ErrorMapper {

  @ServerExceptionMapper
  public Response mapGateway(GatewayException e) {
    if (e instanceof StateStoreUnavailableException) {
      Log.warnf("Redis unavailable: %s", e.getCause() == null ? "-" : e.getCause().toString());
    } else if (e.id().status() >= 500) {
      Log.warnf("request failed: %s (%s)", e.id(), e.getMessage());
    }
    return respond(e);
  }

  @ServerExceptionMapper
  public Response mapWebApplication(WebApplicationException e) {
    if (e instanceof NotAllowedException) {
      return respond(ErrorId.METHOD_NOT_ALLOWED, "method not allowed on this path");
    }
    if (e instanceof NotSupportedException) {
      return respond(ErrorId.UNSUPPORTED_MEDIA_TYPE, "request body must be JSON");
    }
    var status = e.getResponse().getStatus();
    if (status == 413) {
      return respond(ErrorId.PAYLOAD_TOO_LARGE, "request body is too large");
    }
    if (status == 404) {
      return respond(ErrorId.NOT_FOUND, "no such endpoint");
    }
    if (status < 500) {
      return respond(ErrorId.INVALID_ARGUMENT, "request refused (HTTP " + status + ")");
    }
    Log.errorf(e, "unexpected HTTP %d", status);
    return respond(ErrorId.INTERNAL, "internal error");
  }

  @ServerExceptionMapper
  public Response mapUnexpected(Throwable e) {
    if (isClientConnectionFailure(e)) {
      // Redis failures arrive typed (StateStoreUnavailableException); a raw socket failure is the client's connection
      Log.debugf("client connection failed: %s", e.getMessage());
      return respond(ErrorId.INVALID_ARGUMENT, "the request could not be read");
    }
    Log.errorf(e, "unexpected failure");
    return respond(ErrorId.INTERNAL, "internal error");
  }

  static boolean isClientConnectionFailure(Throwable e) {
    return e instanceof IOException || e instanceof ClosedChannelException;
  }

  /** The response for a refusal, with {@code details} and {@code Retry-After} when a limit said when to come back. */
  private static Response respond(GatewayException e) {
    return ErrorEnvelope.response(e);
  }

  private static Response respond(ErrorId id, String description) {
    return ErrorEnvelope.response(id, description);
  }
}
