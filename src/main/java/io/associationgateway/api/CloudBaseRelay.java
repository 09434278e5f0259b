package io.associationgateway.api;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.associationgateway.upstream.cloudbase.ForwardedResponse;
import io.associationgateway.upstream.cloudbase.RelayedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;

/** The REST resources' way to hand a request to CloudBase as it came, and CloudBase's answer back as it came. */
@Singleton
public class CloudBaseRelay {

  private final CloudBaseClient cloudBase;

  public CloudBaseRelay(CloudBaseClient cloudBase) {
    this.cloudBase = cloudBase;
  }

  /** The request as the client sent it (method, path and query, headers, the body already read). */
  public static RelayedRequest of(HttpServerRequest http, byte[] body) {
    var headers = MultiMap.caseInsensitiveMultiMap().addAll(MultiMap.newInstance(http.headers()));
    return new RelayedRequest(http.method(), http.uri(), headers, Buffer.buffer(body == null ? new byte[0] : body));
  }

  /**
   * The request as the client sent it, for a call whose input the gateway has already checked: a body goes on as
   * {@code application/json} (the SDK sends JSON as {@code text/plain}, and a client's odd charset would only confuse
   * CloudBase), and a request without a body carries no {@code Content-Type}.
   */
  public static RelayedRequest json(HttpServerRequest http, byte[] body) {
    var relayed = of(http, body);
    relayed.headers().remove("Content-Type");
    if (relayed.body().length() > 0) {
      relayed.headers().set("Content-Type", "application/json");
    }
    return relayed;
  }

  /** Forwards the request unchanged and answers CloudBase's response unchanged. */
  public Uni<Response> forward(HttpServerRequest http, byte[] body) {
    return this.cloudBase.forward(of(http, body)).map(CloudBaseRelay::response);
  }

  /** CloudBase's answer as the JAX-RS response. */
  public static Response response(ForwardedResponse forwarded) {
    var response = Response.status(forwarded.status()).entity(forwarded.body());
    forwarded.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
    return response.build();
  }
}
