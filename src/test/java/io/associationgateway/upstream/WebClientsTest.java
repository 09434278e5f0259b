package io.associationgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.associationgateway.config.HttpClientConfig;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** The options every outbound client is built with, the pass-through's included. */
class WebClientsTest {

  private final WebClients clients = new WebClients(null, new HttpClientConfig() {
    @Override
    public int maxConnectionsPerUpstream() {
      return 321;
    }
  });

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    await(this.vertx.close());
  }

  @Test
  void everyClientKeepsConnectionsAliveWithinItsPoolAndConnectTimeout() {
    for (var options : new HttpClientOptions[]{this.clients.options(new WebClientOptions(), Duration.ofMillis(1500)),
        this.clients.options(new HttpClientOptions(), Duration.ofMillis(1500))}) {
      assertThat(options.isKeepAlive()).isTrue();
      assertThat(options.getMaxPoolSize()).isEqualTo(321);
      assertThat(options.getConnectTimeout()).isEqualTo(1500);
    }
  }

  /**
   * Without it, the JDK TLS engine's ~16 KiB packet buffer is a new, unpooled allocation on every write to a TLS
   * upstream: Netty's pooled heap arenas then see none of the client's writes.
   */
  @Test
  void tlsRecordsAreWrittenIntoPooledBuffers() throws Exception {
    var server = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(selfSignedKeyStore()));
    var client = client();
    long before = pooledHeapAllocations();

    var answer = await(client.postAbs("https://localhost:" + server.actualPort() + "/").sendBuffer(Buffer.buffer(new byte[20_000])));

    assertThat(answer.bodyAsString()).isEqualTo("tls=true bytes=20000");
    assertThat(pooledHeapAllocations()).isGreaterThan(before);
  }

  /** {@code ssl=true} in the shared options is only a default: an {@code http://} upstream is still called in clear. */
  @Test
  void anHttpUrlStaysPlainHttp() throws Exception {
    var server = listen(new HttpServerOptions());

    var answer = await(client().postAbs("http://localhost:" + server.actualPort() + "/").sendBuffer(Buffer.buffer("x")));

    assertThat(answer.bodyAsString()).isEqualTo("tls=false bytes=1");
  }

  private WebClient client() {
    // the test server's certificate is self-signed; everything else is the gateway's shared options
    return WebClient.create(this.vertx,
        this.clients.options(new WebClientOptions(), Duration.ofSeconds(5)).setTrustAll(true).setVerifyHost(false));
  }

  private HttpServer listen(HttpServerOptions options) throws Exception {
    return await(this.vertx.createHttpServer(options)
        .requestHandler(
            request -> request.body().onSuccess(body -> request.response().end("tls=" + request.isSSL() + " bytes=" + body.length())))
        .listen(0, "localhost"));
  }

  /** A certificate for localhost made with the JDK's keytool, as the benchmark makes its simulator's. */
  private PfxOptions selfSignedKeyStore() throws Exception {
    var store = this.dir.resolve("server.p12").toString();
    var keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
        "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "1", "-keystore", store, "-storetype",
        "PKCS12", "-storepass", "changeit")).inheritIO().start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    return new PfxOptions().setPath(store).setPassword("changeit");
  }

  private static long pooledHeapAllocations() {
    return PooledByteBufAllocator.DEFAULT.metric().heapArenas().stream().mapToLong(PoolArenaMetric::numAllocations).sum();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
