package io.associationgateway.upstream;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.config.HttpClientConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Builds every HTTP client the gateway uses to call out (CloudBase, tcb, Tencent Cloud SMS, webhooks, and the
 * pass-through's through {@link #options}), so they share one set of options: keep-alive,
 * {@code gateway.http-client.max-connections-per-upstream} connections per host, a connect timeout, and TLS records
 * written into pooled buffers. The caller owns the client and closes it when its bean is destroyed.
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
    return WebClient.create(this.vertx, options(new WebClientOptions(), connectTimeout));
  }

  /**
   * {@code options} with the shared settings. The JDK's TLS engine writes each outgoing record into a heap buffer the
   * size of a whole TLS packet (about 16 KiB); Vert.x takes those from Netty's pool only when asked
   * ({@link JdkSSLEngineOptions#setPooledHeapBuffers}) and, in Vert.x 4.5, reads that option only from a client whose
   * options say {@code ssl=true}; otherwise every write allocates a new one, which was a sixth of all the bytes a flow
   * allocated with TLS upstreams (BENCHMARKS.md). {@code ssl=true} is only the default: every request the gateway makes
   * names its scheme ({@code requestAbs}, or {@code RequestOptions.setSsl} in the pass-through), so an {@code http://}
   * upstream stays plain HTTP. One side effect, kept knowingly: with {@code ssl=true} Vert.x also puts a
   * {@code ChunkedWriteHandler} in every connection's pipeline (a small object per write); the features-on benchmark
   * still allocated 18 % less per flow, and the plain one (HTTP upstreams) no more than before.
   */
  public <T extends HttpClientOptions> T options(T options, Duration connectTimeout) {
    options.setKeepAlive(true).setMaxPoolSize(this.http.maxConnectionsPerUpstream()).setConnectTimeout((int) connectTimeout.toMillis())
        .setSsl(true).setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true));
    return options;
  }
}
