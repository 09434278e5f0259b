package io.associationgateway.api;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;

/**
 * Reads request bodies as JSON whatever their {@code Content-Type} (the official SDK sends {@code text/plain}).
 * Errors never echo the input, which may hold a password or code.
 */
@Singleton
public class JsonBodies {

  private final ObjectMapper json;

  public JsonBodies(ObjectMapper json) {
    this.json = json;
  }

  public <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "a JSON request body is required");
    }
    try {
      var value = this.json.readValue(body, type);
      if (value == null) {
        throw new GatewayException(ErrorId.INVALID_ARGUMENT, "the request body must be a JSON object");
      }
      return value;
    } catch (MismatchedInputException e) {
      var path = e.getPath();
      var field = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
      throw new GatewayException(ErrorId.INVALID_ARGUMENT,
          field == null ? "the request body must be a JSON object" : "field '" + field + "' has the wrong type");
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw new GatewayException(ErrorId.INVALID_ARGUMENT,
          "malformed JSON" + (location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr()));
    } catch (IOException e) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "unreadable request body");
    }
  }

  /** A required string field: present and not blank. */
  public static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, field + " is required");
    }
    return value;
  }
}
