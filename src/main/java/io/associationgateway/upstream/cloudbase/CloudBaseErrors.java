package io.associationgateway.upstream.cloudbase;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.failure.UpstreamFaultException;
import io.associationgateway.upstream.UpstreamFailures;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/** Reads CloudBase answers: a JSON object on success, or its error envelope turned into the gateway's error ids. */
final class CloudBaseErrors {

  static final String UPSTREAM = "CloudBase";

  private CloudBaseErrors() {
  }

  /** The JSON body of a successful answer, or the refusal the answer means. */
  static JsonObject bodyOrThrow(HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      throw UpstreamFailures.badAnswer(UPSTREAM, response.statusCode());
    }
    if (response.statusCode() >= 500) {
      throw UpstreamFailures.badAnswer(UPSTREAM, response.statusCode());
    }
    var error = body == null ? null : body.getString("error");
    if (error != null && !error.isEmpty()) {
      throw refusal(error, body.getString("error_description", ""), body.encode());
    }
    if (body == null || response.statusCode() >= 400) {
      throw UpstreamFailures.badAnswer(UPSTREAM, response.statusCode());
    }
    return body;
  }

  /** Fails unless the answer is CloudBase's API speaking: below 500 and a JSON object body. */
  static void requireApiAnswer(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      throw UpstreamFailures.badAnswer(UPSTREAM, response.statusCode());
    }
    try {
      if (response.bodyAsJsonObject() == null) {
        throw UpstreamFailures.badAnswer(UPSTREAM, response.statusCode());
      }
    } catch (RuntimeException notJson) {
      if (notJson instanceof GatewayException known) {
        throw known;
      }
      throw new UpstreamFaultException(ErrorId.UPSTREAM_BAD_RESPONSE, UPSTREAM + " gave an answer that is not JSON", notJson);
    }
  }

  /** CloudBase's own error names, kept where the gateway answers with the same meaning. */
  private static GatewayException refusal(String error, String description, String rawAnswer) {
    var id = switch (error) {
      case "unauthenticated", "unauthorized" -> ErrorId.UNAUTHENTICATED;
      case "invalid_password", "wrong_password", "invalid_username_or_password", "invalid_credentials" -> ErrorId.INVALID_PASSWORD;
      case "password_not_set" -> ErrorId.PASSWORD_NOT_SET;
      case "user_blocked", "invalid_status", "user_pending" -> ErrorId.USER_BLOCKED;
      case "permission_denied" -> ErrorId.PERMISSION_DENIED;
      case "already_exists" -> ErrorId.ALREADY_EXISTS;
      case "resource_exhausted" -> ErrorId.RESOURCE_EXHAUSTED;
      case "invalid_argument" -> ErrorId.INVALID_ARGUMENT;
      case "not_found", "user_not_found" -> ErrorId.NOT_FOUND;
      case "unavailable", "temporarily_unavailable" -> ErrorId.UNAVAILABLE;
      case "deadline_exceeded" -> ErrorId.DEADLINE_EXCEEDED;
      default -> ErrorId.UPSTREAM_BAD_RESPONSE;
    };
    var text = description == null || description.isBlank() ? "CloudBase refused: " + error : description;
    if (id == ErrorId.UNAVAILABLE) {
      return new TransientUpstreamException(text, null);
    }
    return id == ErrorId.DEADLINE_EXCEEDED ? new UpstreamFaultException(id, text, null) : new CloudBaseRefusal(id, text, error, rawAnswer);
  }
}
