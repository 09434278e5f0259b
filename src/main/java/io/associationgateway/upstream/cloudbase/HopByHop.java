package io.associationgateway.upstream.cloudbase;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that belong to one connection (RFC 9110 §7.6.1) or to the gateway itself, and are not forwarded. A client's
 * own forwarding headers ({@code X-Forwarded-*}, {@code X-Real-IP}, {@code Forwarded}) are dropped too: they are
 * whatever the client chose to write, and the pass-through sends the gateway's own view of the client instead. A header
 * a message names in its {@code Connection} field is a connection option of that hop and is dropped as well (for
 * example {@code Connection: keep-alive, X-Hop-Option} with the {@code X-Hop-Option} it names).
 */
public final class HopByHop {

  private static final Set<String> REQUEST = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
      "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
      "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "forwarded");
  private static final Set<String> RESPONSE = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "content-length");

  private HopByHop() {
  }

  /**
   * The header names listed in a message's {@code Connection} field values (comma-separated tokens, any case), lower-cased;
   * empty when it has none.
   */
  public static Set<String> connectionOptions(List<String> connectionValues) {
    if (connectionValues.isEmpty()) {
      return Set.of();
    }
    var named = new HashSet<String>();
    for (var value : connectionValues) {
      for (var token : value.split(",")) {
        var name = token.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          named.add(name);
        }
      }
    }
    return named;
  }

  /**
   * True when a client's request header must not go upstream as is (the client transport sets these anew);
   * {@code connectionOptions} are the names the request's own {@code Connection} field lists ({@link #connectionOptions}).
   */
  public static boolean skipRequestHeader(String name, Set<String> connectionOptions) {
    var lower = name.toLowerCase(Locale.ROOT);
    return REQUEST.contains(lower) || connectionOptions.contains(lower);
  }

  /**
   * True when an upstream response header must not reach the client; CORS is the gateway's own answer.
   * {@code connectionOptions} are the names the response's own {@code Connection} field lists.
   */
  public static boolean skipResponseHeader(String name, Set<String> connectionOptions) {
    var lower = name.toLowerCase(Locale.ROOT);
    return RESPONSE.contains(lower) || lower.startsWith("access-control-") || connectionOptions.contains(lower);
  }
}
