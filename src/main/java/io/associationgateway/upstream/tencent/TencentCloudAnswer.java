package io.associationgateway.upstream.tencent;

import io.associationgateway.upstream.UpstreamFailures;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/** Reads a Tencent Cloud API 3.0 answer: {@code {"Response": {…, "Error"?: {"Code", "Message"}, "RequestId"}}}. */
public final class TencentCloudAnswer {

  private TencentCloudAnswer() {
  }

  /** The {@code Response} object, or the 502/503/504 for an answer that is not the API's (a 5xx, not JSON, no {@code Response}). */
  public static JsonObject response(String upstream, HttpResponse<Buffer> answer) {
    JsonObject response;
    try {
      response = answer.bodyAsJsonObject().getJsonObject("Response");
    } catch (RuntimeException notJson) {
      throw UpstreamFailures.badAnswer(upstream, answer.statusCode());
    }
    if (answer.statusCode() >= 500 || response == null) {
      throw UpstreamFailures.badAnswer(upstream, answer.statusCode());
    }
    return response;
  }

  /** The {@code Error.Code} of a refused call, or {@code null} when the call succeeded. */
  public static String errorCode(JsonObject response) {
    var error = response.getJsonObject("Error");
    return error == null ? null : error.getString("Code", "");
  }
}
