package io.associationgateway.upstream.cloudbase;

import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;

/** A client's request as the gateway relays it to CloudBase: method, path with query, headers and body. */
public record RelayedRequest(HttpMethod method, String uri, MultiMap headers, Buffer body) {
}
