package io.associationgateway.upstream;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.associationgateway.config.HttpClientConfig;
import io.netty.handler.ssl.OpenSsl;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Builds every HTTP client the gateway uses to call out (CloudBase, tcb, Tencent Cloud SMS, webhooks, and the
 * pass-through's through {@link #options}), so they share one set of options: keep-alive,
 * {@code gateway.http-client.max-connections-per-upstream} connections per host, a connect timeout, and one TLS engine
 * ({@link #tlsEngine}). The caller owns the client and closes it when its bean is destroyed.
 */
@Singleton
public class WebClients {

  private final Vertx vertx;
  private final HttpClientConfig http;
  private final SSLEngineOptions tls;

  public WebClients(Vertx vertx, HttpClientConfig http) {
    this.vertx = vertx;
    this.http = http;
    this.tls = tlsEngine(http.openssl());
  }

  /** A client whose connections must be established within {@code connectTimeout}. */
  public WebClient create(Duration connectTimeout) {
    return WebClient.create(this.vertx, options(new WebClientOptions(), connectTimeout));
  }

  /**
   * BoringSSL where asked for and its native library loads (it spends less CPU per TLS request than the JDK's engine:
   * BENCHMARKS.md), else the JDK's engine; logged once, so an operator sees which one runs. Both check the upstream's
   * certificate against the JVM's trust store and its host name ({@code verifyHost}, Vert.x's default).
   */
  static SSLEngineOptions tlsEngine(boolean openssl) {
    if (openssl && OpenSSLEngineOptions.isAvailable()) {
      Log.info("outbound TLS engine: BoringSSL");
      return new OpenSSLEngineOptions();
    }
    Log.infof("outbound TLS engine: JDK%s", openssl ? " (BoringSSL did not load: " + OpenSsl.unavailabilityCause() + ")" : "");
    return jdkEngine();
  }

  /**
   * The JDK's TLS engine writes each outgoing record into a heap buffer the size of a whole TLS packet (about 16 KiB);
   * Vert.x takes those from Netty's pool only when asked ({@link JdkSSLEngineOptions#setPooledHeapBuffers}), otherwise
   * every write allocates a new one, which was a sixth of all the bytes a flow allocated with TLS upstreams
   * (BENCHMARKS.md). BoringSSL writes into Netty's pooled buffers by itself.
   */
  private static SSLEngineOptions jdkEngine() {
    return new JdkSSLEngineOptions().setPooledHeapBuffers(true);
  }

  /**
   * {@code options} with the shared settings. Vert.x 4.5 reads a client's TLS engine options (and so the pooled
   * buffers and BoringSSL) only when its options say {@code ssl=true}. That is only the default: every request the
   * gateway makes names its scheme ({@code requestAbs}, or {@code RequestOptions.setSsl} in the pass-through), so an
   * {@code http://} upstream stays plain HTTP. One side effect, kept knowingly: with {@code ssl=true} Vert.x also puts a
   * {@code ChunkedWriteHandler} in every connection's pipeline (a small object per write); the features-on benchmark
   * still allocated 18 % less per flow with it, and the plain one (HTTP upstreams) no more than before.
   */
  public <T extends HttpClientOptions> T options(T options, Duration connectTimeout) {
    options.setKeepAlive(true).setMaxPoolSize(this.http.maxConnectionsPerUpstream()).setConnectTimeout((int) connectTimeout.toMillis())
        .setSsl(true).setSslEngineOptions(this.tls.copy());
    return options;
  }
}
