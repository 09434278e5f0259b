package io.associationgateway.upstream;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.config.HttpClientConfig;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Builds every HTTP client the gateway uses to call out (CloudBase, tcb, Tencent Cloud SMS, webhooks), so they share
 * one set of options: keep-alive, {@code gateway.http-client.max-connections-per-upstream} connections per host and a
 * connect timeout. The caller owns the client and closes it when its bean is destroyed.
 */
@ApplicationScoped
public class WebClients {

  private final Vertx vertx;
  private final HttpClientConfig http;

  public WebClients(Vertx vertx, HttpClientConfig http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** A client whose connections must be established within {@code connectTimeout}. */
  public WebClient create(Duration connectTimeout) {
    return WebClient.create(this.vertx, new WebClientOptions().setKeepAlive(true)
        .setMaxPoolSize(this.http.maxConnectionsPerUpstream())
        .setConnectTimeout((int) connectTimeout.toMillis()));
  }
}
