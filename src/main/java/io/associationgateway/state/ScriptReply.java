package io.associationgateway.state;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * A Lua script's reply as plain strings, the one form the typed reply parsers ({@code *Reply.parse}) read: an array
 * reply element by element (numbers in decimal, a nil as {@code null}), any other reply as a one-element list.
 */
final class ScriptReply {

  private ScriptReply() {
  }

  static List<String> strings(Response reply) {
    if (reply == null) {
      return List.of();
    }
    if (reply.type() != ResponseType.MULTI) {
      return List.of(reply.toString());
    }
    var all = new ArrayList<String>(reply.size());
    for (var element : reply) {
      all.add(element == null ? null : element.toString());
    }
    return all;
  }

  /** The failure for a reply the script cannot give: parser and script disagree. */
  static IllegalStateException unexpected(String script, List<String> reply) {
    return new IllegalStateException(script + ".lua gave an unexpected reply of " + reply.size() + " element(s), first "
        + (reply.isEmpty() ? "none" : reply.get(0)));
  }

  /** Element {@code index} as a number, or the unexpected-reply failure. */
  static long number(String script, List<String> reply, int index) {
    try {
      return Long.parseLong(reply.get(index));
    } catch (RuntimeException e) {
      throw unexpected(script, reply);
    }
  }
}
