package io.associationgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.associationgateway.config.HttpClientConfig;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** The options every outbound client is built with, the pass-through's included. */
class WebClientsTest {

  private final WebClients clients = clients(true);

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

  /** TLS to an upstream runs in BoringSSL, whose native library ships for this platform (the pom). */
  @Test
  void tlsRunsInBoringSsl() throws Exception {
    var server = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(selfSignedKeyStore()));

    assertThat(sessionClass(this.clients, server, "localhost")).contains("OpenSsl");
  }

  /**
   * {@code gateway.http-client.openssl=false}: the JDK's engine, and without pooled buffers its ~16 KiB packet buffer
   * is a new, unpooled allocation on every write to a TLS upstream: Netty's pooled heap arenas then see none of them.
   */
  @Test
  void turnedOffTheJdkEngineWritesTlsRecordsIntoPooledBuffers() throws Exception {
    var server = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(selfSignedKeyStore()));
    var jdk = clients(false);
    assertThat(sessionClass(jdk, server, "localhost")).startsWith("sun.security.ssl.");
    long before = pooledHeapAllocations();

    var answer = await(WebClient.create(this.vertx, trusting(jdk.options(new WebClientOptions(), Duration.ofSeconds(5))))
        .postAbs("https://localhost:" + server.actualPort() + "/").sendBuffer(Buffer.buffer(new byte[20_000])));

    assertThat(answer.bodyAsString()).isEqualTo("tls=true bytes=20000");
    assertThat(pooledHeapAllocations()).isGreaterThan(before);
  }

  /** Either engine refuses a certificate the JVM's trust store does not vouch for (here: self-signed). */
  @ParameterizedTest(name = "openssl={0}")
  @ValueSource(booleans = {true, false})
  void anUntrustedCertificateIsRefused(boolean openssl) throws Exception {
    var server = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(selfSignedKeyStore()));
    var client = WebClient.create(this.vertx, clients(openssl).options(new WebClientOptions(), Duration.ofSeconds(5)));

    assertThat(refusal(() -> await(client.getAbs("https://localhost:" + server.actualPort() + "/").send())))
        .hasMessageContaining("unable to find valid certification path");
  }

  /** Either engine checks the host name: a trusted certificate for {@code localhost} does not pass for 127.0.0.1. */
  @ParameterizedTest(name = "openssl={0}")
  @ValueSource(booleans = {true, false})
  void aCertificateForAnotherHostIsRefused(boolean openssl) throws Exception {
    var server = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(selfSignedKeyStore()));
    var client = WebClient.create(this.vertx, trusting(clients(openssl).options(new WebClientOptions(), Duration.ofSeconds(5))));

    assertThat(await(client.getAbs("https://localhost:" + server.actualPort() + "/").send()).bodyAsString()).isEqualTo("tls=true bytes=0");
    assertThat(refusal(() -> await(client.getAbs("https://127.0.0.1:" + server.actualPort() + "/").send())))
        .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
  }

  /** {@code ssl=true} in the shared options is only a default: an {@code http://} upstream is still called in clear. */
  @Test
  void anHttpUrlStaysPlainHttp() throws Exception {
    var server = listen(new HttpServerOptions());

    var plain = WebClient.create(this.vertx, this.clients.options(new WebClientOptions(), Duration.ofSeconds(5)));

    var answer = await(plain.postAbs("http://localhost:" + server.actualPort() + "/").sendBuffer(Buffer.buffer("x")));

    assertThat(answer.bodyAsString()).isEqualTo("tls=false bytes=1");
  }

  private static WebClients clients(boolean openssl) {
    return new WebClients(null, new HttpClientConfig() {
      @Override
      public int maxConnectionsPerUpstream() {
        return 321;
      }

      @Override
      public boolean openssl() {
        return openssl;
      }
    });
  }

  /** The gateway's shared options, trusting the test server's self-signed certificate (host names still checked). */
  private <T extends HttpClientOptions> T trusting(T options) {
    options.setTrustOptions(new PemTrustOptions().addCertPath(this.dir.resolve("server.pem").toString()));
    return options;
  }

  /** The class of the TLS session a client with {@code clients}' options opens to {@code server} at {@code host}. */
  private String sessionClass(WebClients clients, HttpServer server, String host) throws Exception {
    var client = this.vertx.createHttpClient(trusting(clients.options(new HttpClientOptions(), Duration.ofSeconds(5))));
    var request = await(
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(server.actualPort()).setURI("/")));
    await(request.send().compose(response -> response.body()));
    return request.connection().sslSession().getClass().getName();
  }

  private HttpServer listen(HttpServerOptions options) throws Exception {
    return await(this.vertx.createHttpServer(options)
        .requestHandler(
            request -> request.body().onSuccess(body -> request.response().end("tls=" + request.isSSL() + " bytes=" + body.length())))
        .listen(0, "localhost"));
  }

  /**
   * A certificate for the name localhost made with the JDK's keytool, as the benchmark makes its simulator's, and its
   * PEM copy for {@link #trusting}.
   */
  private PfxOptions selfSignedKeyStore() throws Exception {
    var store = this.dir.resolve("server.p12").toString();
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
        "SAN=dns:localhost",
        "-validity", "1", "-keystore", store, "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store, "-storepass", "changeit", "-file",
        this.dir.resolve("server.pem").toString());
    return new PfxOptions().setPath(store).setPassword("changeit");
  }

  /** The certificate check that failed {@code call}'s TLS handshake. */
  private static CertificateException refusal(ThrowingCallable call) {
    var thrown = catchThrowable(call);
    assertThat(thrown).as("the request fails").isNotNull();
    for (var cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException certificate) {
        assertThat(thrown).hasStackTraceContaining("SSLHandshakeException");
        return certificate;
      }
    }
    throw new AssertionError("no certificate check failed", thrown);
  }

  private static void keytool(String... arguments) throws Exception {
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    var keytool = new ProcessBuilder(command).inheritIO().start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
  }

  private static long pooledHeapAllocations() {
    return PooledByteBufAllocator.DEFAULT.metric().heapArenas().stream().mapToLong(PoolArenaMetric::numAllocations).sum();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
