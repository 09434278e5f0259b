package io.associationgateway.domain;

/** What the flow needs to know about the HTTP request: who sent it from where, its id, its language. */
public record RequestInfo(String clientIp, String requestId, String acceptLanguage) {
}
