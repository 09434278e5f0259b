package io.associationgateway.api;

import io.vertx.core.http.HttpMethod;

/** The {@code /auth/v1} endpoints the gateway answers itself; every other {@code /auth/v1/**} request passes through. */
public enum OwnedEndpoint {
  SUDO(HttpMethod.POST, "/auth/v1/user/sudo"),
  SEND_CODE(HttpMethod.POST, "/auth/v1/verification"),
  VERIFY_CODE(HttpMethod.POST, "/auth/v1/verification/verify"),
  BIND_CONTACT(HttpMethod.PATCH, "/auth/v1/user/contact");

  private final HttpMethod method;
  private final String path;

  OwnedEndpoint(HttpMethod method, String path) {
    this.method = method;
    this.path = path;
  }

  public HttpMethod method() {
    return this.method;
  }

  public String path() {
    return this.path;
  }

  /** True when the gateway answers this request itself. */
  public static boolean owns(HttpMethod method, String path) {
    for (var endpoint : values()) {
      if (endpoint.method.equals(method) && endpoint.path.equals(path)) {
        return true;
      }
    }
    return false;
  }
}
