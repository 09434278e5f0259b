package io.associationgateway.flow;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Loopback redirect URIs match an allow-listed entry on any port (RFC 8252, section 7.3: a native app, or local mode's
 * page, listens on whatever port it got). Only {@code http} on {@code 127.0.0.1}, {@code [::1]} or {@code localhost}.
 */
final class LoopbackRedirect {

  private LoopbackRedirect() {
  }

  /** {@code redirectUri} without its port when it is a loopback {@code http} URI with one, else {@code null}. */
  static String withoutPort(String redirectUri) {
    try {
      var uri = new URI(redirectUri);
      var host = uri.getHost();
      if (!"http".equals(uri.getScheme()) || uri.getPort() < 0 || uri.getRawUserInfo() != null
          || !("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host))) {
        return null;
      }
      return new URI(uri.getScheme(), null, host, -1, uri.getPath(), uri.getQuery(), uri.getFragment()).toString();
    } catch (URISyntaxException malformed) {
      return null;
    }
  }
}
