package io.associationgateway.api;

import java.net.URI;
import java.util.Locale;

/**
 * What of a client's request-target the pass-through may send to CloudBase: a path under {@code /auth/v1/} and its
 * query, nothing else. The scheme, host and port always come from configuration ({@link Origin}).
 */
final class ForwardTarget {

  private static final String PREFIX = "/auth/v1/";

  private ForwardTarget() {
  }

  /**
   * The request-target to send on, or {@code null} when it must be refused: not origin-form (absolute-form,
   * authority-form, {@code *}, {@code //host}), a path whose percent-decoded form has a {@code .} or {@code ..} segment,
   * a backslash, a control character or an invalid escape, or one that does not stay under {@code /auth/v1/}. An
   * accepted target is sent exactly as received: after these checks its decoded path names the same resource.
   */
  static String of(String requestTarget) {
    if (requestTarget == null || !requestTarget.startsWith(PREFIX)) {
      return null;
    }
    var query = requestTarget.indexOf('?');
    var path = query < 0 ? requestTarget : requestTarget.substring(0, query);
    if (path.indexOf('#') >= 0 || (query >= 0 && requestTarget.indexOf('#', query) >= 0)) {
      return null;
    }
    var decoded = decode(path);
    if (decoded == null || !decoded.startsWith(PREFIX)) {
      return null;
    }
    for (var segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    for (int i = 0; i < decoded.length(); i++) {
      var c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return null;
      }
    }
    return requestTarget;
  }

  /** Percent-decoded path (bytes as Latin-1 characters: only ASCII matters here), or {@code null} for a bad escape. */
  private static String decode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    var out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      var c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return null;
      }
      var high = Character.digit(path.charAt(i + 1), 16);
      var low = Character.digit(path.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      out.append((char) (high * 16 + low));
      i += 2;
    }
    return out.toString();
  }

  /** Scheme, host, port and base path of {@code gateway.cloudbase.url}: where every pass-through request goes. */
  record Origin(String host, int port, boolean ssl, String path) {

    static Origin of(URI url) {
      var ssl = "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
      var port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
      var path = url.getRawPath() == null ? "" : url.getRawPath();
      return new Origin(url.getHost(), port, ssl, path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }
  }
}
