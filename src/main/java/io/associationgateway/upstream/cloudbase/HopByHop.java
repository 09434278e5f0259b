package io.associationgateway.upstream.cloudbase;

import java.util.Locale;
import java.util.Set;

/**
 * Headers that belong to one connection (RFC 9110 §7.6.1) or to the gateway itself, and are not forwarded. A client's
 * own forwarding headers ({@code X-Forwarded-*}, {@code X-Real-IP}, {@code Forwarded}) are dropped too: they are
 * whatever the client chose to write, and the pass-through sends the gateway's own view of the client instead.
 */
public final class HopByHop {

  private static final Set<String> REQUEST = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
      "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
      "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "forwarded");
  private static final Set<String> RESPONSE = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "content-length");

  private HopByHop() {
  }

  /** True when a client's request header must not go upstream as is (the client transport sets these anew). */
  public static boolean skipRequestHeader(String name) {
    return REQUEST.contains(name.toLowerCase(Locale.ROOT));
  }

  /** True when an upstream response header must not reach the client; CORS is the gateway's own answer. */
  public static boolean skipResponseHeader(String name) {
    var lower = name.toLowerCase(Locale.ROOT);
    return RESPONSE.contains(lower) || lower.startsWith("access-control-");
  }
}
