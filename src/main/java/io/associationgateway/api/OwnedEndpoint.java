package io.associationgateway.api;

import java.util.regex.Pattern;

import io.vertx.core.http.HttpMethod;

/** The {@code /auth/v1} endpoints the gateway answers itself; every other {@code /auth/v1/**} request passes through. */
public enum OwnedEndpoint {
  SUDO(HttpMethod.POST, "/auth/v1/user/sudo"), SEND_CODE(HttpMethod.POST, "/auth/v1/verification"), VERIFY_CODE(HttpMethod.POST,
      "/auth/v1/verification/verify"), BIND_CONTACT(HttpMethod.PATCH, "/auth/v1/user/contact"), PROVIDER_URI(HttpMethod.GET,
          "/auth/v1/provider/uri"), PROVIDER_TOKEN(HttpMethod.POST, "/auth/v1/provider/token"), BIND_PROVIDER(HttpMethod.POST,
              "/auth/v1/user/provider/bind"), UNBIND_PROVIDER(HttpMethod.DELETE, "/auth/v1/user/provider/{provider_id}");

  private static final OwnedEndpoint[] ALL = values();

  private final HttpMethod method;
  private final String path;
  /** Only for a path with a parameter; a literal path is compared as a string (this runs for every request). */
  private final Pattern pattern;

  OwnedEndpoint(HttpMethod method, String path) {
    this.method = method;
    this.path = path;
    this.pattern = path.contains("{") ? Pattern.compile(path.replaceAll("\\{[^/]+}", "[^/]+")) : null;
  }

  public HttpMethod method() {
    return this.method;
  }

  /** The path, with {@code {name}} for a path parameter, as the OpenAPI document writes it. */
  public String path() {
    return this.path;
  }

  /** True when the gateway answers this request itself. */
  public static boolean owns(HttpMethod method, String path) {
    for (var endpoint : ALL) {
      if (endpoint.method.equals(method)
          && (endpoint.pattern == null ? endpoint.path.equals(path) : endpoint.pattern.matcher(path).matches())) {
        return true;
      }
    }
    return false;
  }
}
