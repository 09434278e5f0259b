package io.associationgateway.local;

import java.nio.charset.StandardCharsets;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.RoutingContext;

/** An answer of the CloudBase HTTP API emulator; errors use CloudBase's envelope {@code {error, error_code, error_description}}. */
record EmulatorReply(int status, JsonObject body) {

  static EmulatorReply ok(JsonObject body) {
    return new EmulatorReply(200, body);
  }

  static EmulatorReply empty() {
    return ok(new JsonObject());
  }

  static EmulatorReply error(int status, String error, String description) {
    return new EmulatorReply(status, new JsonObject().put("error", error).put("error_code", status).put("error_description", description));
  }

  static EmulatorReply invalid(String description) {
    return error(400, "invalid_argument", description);
  }

  static EmulatorReply unauthenticated() {
    return error(401, "unauthenticated", "access token invalid or expired");
  }

  void send(RoutingContext ctx) {
    ctx.response().setStatusCode(this.status).putHeader("Content-Type", "application/json")
        .endAndForget(this.body.encode());
  }

  /** The body as a JSON object whatever its Content-Type (the SDK sends text/plain); {@code null} when malformed. */
  static JsonObject parse(RoutingContext ctx) {
    try {
      var buffer = ctx.body().buffer();
      return buffer == null || buffer.length() == 0 ? new JsonObject() : new JsonObject(buffer.toString(StandardCharsets.UTF_8));
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** A string field of a request body: absent is {@code null}; any other JSON type is refused (Vert.x would stringify it). */
  static String string(JsonObject body, String field) {
    var value = body.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new ClassCastException(field + " must be a string");
  }

  /** A boolean field of a request body, {@code fallback} when absent; any other JSON type is refused. */
  static boolean bool(JsonObject body, String field, boolean fallback) {
    var value = body.getValue(field);
    if (value == null || value instanceof Boolean) {
      return value == null ? fallback : (Boolean) value;
    }
    throw new ClassCastException(field + " must be a boolean");
  }
}
