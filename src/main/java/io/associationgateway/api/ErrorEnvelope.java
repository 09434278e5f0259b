package io.associationgateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * The one writer of the error envelope {@code {error, error_code, error_description[, details]}} ({@link ErrorBody}
 * describes it in the OpenAPI document) and of its headers: {@code Content-Type}, {@code Retry-After} when the refusal
 * says when to come back, {@code Connection: close} when the rest of the request will not be read. The JAX-RS answers
 * ({@link ErrorMapper}) and the Vert.x routes (pass-through, shutdown, overload and body-deadline gates) answer through
 * it. It encodes by hand, so the gates can encode their fixed answers once without loading Jackson's object mapper
 * (~140 ms before readiness, or a stalled event loop when loaded lazily under load).
 */
final class ErrorEnvelope {

  private static final String JSON = "application/json";

  private ErrorEnvelope() {
  }

  static String json(GatewayException refusal) {
    return json(refusal.id(), refusal.getMessage(), refusal.refusal());
  }

  /** The envelope of {@code id}, with {@code details} when {@code refusal} is given. */
  static String json(ErrorId id, String description, Refusal refusal) {
    var out = new StringBuilder(160).append("{\"error\":");
    string(out, id.error()).append(",\"error_code\":").append(id.code()).append(",\"error_description\":");
    string(out, description == null ? "" : description);
    if (refusal != null) {
      out.append(",\"details\":{\"scope\":");
      string(out, refusal.scope().wire()).append(",\"kind\":");
      string(out, refusal.kind().wire());
      if (!refusal.retryAfter().isZero()) {
        out.append(",\"retry_after_s\":").append(refusal.retryAfterSeconds());
      }
      if (refusal.attemptsLeft() != null) {
        out.append(",\"attempts_left\":").append(refusal.attemptsLeft());
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  /** The JAX-RS answer of a refusal. */
  static Response response(GatewayException refusal) {
    var response = Response.status(refusal.id().status()).type(MediaType.APPLICATION_JSON_TYPE).entity(json(refusal));
    var retryAfter = retryAfterSeconds(refusal.refusal());
    if (retryAfter > 0) {
      response.header("Retry-After", retryAfter);
    }
    return response.build();
  }

  static Response response(ErrorId id, String description) {
    return Response.status(id.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(json(id, description, null)).build();
  }

  /** Writes a refusal on a Vert.x route; with {@code close}, the connection is closed after it. */
  static Future<Void> write(HttpServerResponse response, GatewayException refusal, boolean close) {
    return write(response, refusal.id().status(), json(refusal), retryAfterSeconds(refusal.refusal()), close);
  }

  /** Writes an envelope already encoded by {@link #json}; {@code retryAfterSeconds} 0 sends no {@code Retry-After}. */
  static Future<Void> write(HttpServerResponse response, int status, String envelope, long retryAfterSeconds, boolean close) {
    response.setStatusCode(status).putHeader("Content-Type", JSON);
    if (retryAfterSeconds > 0) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    if (close) {
      response.putHeader("Connection", "close");
    }
    return response.end(envelope);
  }

  private static long retryAfterSeconds(Refusal refusal) {
    return refusal == null || refusal.retryAfter().isZero() ? 0 : refusal.retryAfterSeconds();
  }

  private static StringBuilder string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      var c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
