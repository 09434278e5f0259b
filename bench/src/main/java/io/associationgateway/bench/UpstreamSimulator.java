package io.associationgateway.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;

import org.HdrHistogram.Recorder;

/**
 * Stands in for CloudBase ({@code /auth/v1/...}) and Tencent Cloud SMS ({@code POST /}) on two loopback ports. Every
 * answer is delayed by {@link #latencyMillis()} with a Vert.x timer (never a sleep) and fails with a 500 at
 * {@link #errorRate()}. The SMS side records the code ({@code TemplateParamSet[0]}) per number ({@code PhoneNumberSet[0]},
 * E.164) so the load driver, in the same JVM, can read it: {@link #takeCode(String)}.
 *
 * <p>With {@link #startTls} it also listens with TLS (a self-signed certificate the runner makes with keytool) for
 * the production-features-on variant, which also sends it webhooks ({@code POST /bench/webhook}) and OpenTelemetry
 * spans ({@code POST /v1/traces}, OTLP over HTTP, answered with an empty protobuf message). How late each answer's
 * timer fired is recorded ({@link #timerLag()}): the harness's own lag, part of every latency it measures.
 */
public final class UpstreamSimulator {

  private static final Buffer USER_QUERY = Buffer.buffer("{\"total\":0,\"data\":[]}");
  private static final Buffer SUDO = Buffer.buffer("{\"sudo_token\":\"x\",\"expires_in\":900}");
  private static final Buffer CLIENT_CREDENTIAL = Buffer.buffer("{\"access_token\":\"admin\",\"expires_in\":7200}");
  private static final Buffer EMPTY = Buffer.buffer("{}");
  private static final Buffer SMS_OK = Buffer.buffer("{\"Response\":{\"SendStatusSet\":[{\"Code\":\"Ok\"}],\"RequestId\":\"r\"}}");
  private static final Buffer CLOUDBASE_ERROR = Buffer.buffer("{\"error\":\"unavailable\",\"error_code\":14,\"error_description\":\"simulated failure\"}");
  private static final Buffer SMS_ERROR = Buffer.buffer("{\"Response\":{\"Error\":{\"Code\":\"InternalError.Timeout\",\"Message\":\"simulated\"},\"RequestId\":\"r\"}}");
  private static final Buffer NOT_FOUND = Buffer.buffer("{\"error\":\"not_found\"}");

  private final Vertx vertx;
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private volatile long latencyMillis;
  private volatile double errorRate;
  private HttpServer cloudBase;
  private HttpServer sms;
  private HttpServer cloudBaseTls;
  private HttpServer smsTls;
  /** Lateness of the answer timers, ns (the harness's timer lag). */
  private final Recorder timerLag = new Recorder(3);

  public UpstreamSimulator(Vertx vertx, long latencyMillis, double errorRate) {
    this.vertx = vertx;
    this.latencyMillis = latencyMillis;
    this.errorRate = errorRate;
  }

  /** Starts both servers on free loopback ports (or the ones given, 0 for any). */
  public UpstreamSimulator start(int cloudBasePort, int smsPort) throws Exception {
    var options = new HttpServerOptions().setHost("127.0.0.1").setAcceptBacklog(8192).setTcpNoDelay(true);
    this.cloudBase = this.vertx.createHttpServer(new HttpServerOptions(options).setPort(cloudBasePort))
        .requestHandler(this::cloudBase).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    this.sms = this.vertx.createHttpServer(new HttpServerOptions(options).setPort(smsPort))
        .requestHandler(this::sms).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return this;
  }

  /** Also listens with TLS on two more free loopback ports, with the key and certificate of this PKCS#12 file. */
  public UpstreamSimulator startTls(String pkcs12, String password) throws Exception {
    var options = new HttpServerOptions().setHost("127.0.0.1").setAcceptBacklog(8192).setTcpNoDelay(true).setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(pkcs12).setPassword(password)).setPort(0);
    this.cloudBaseTls = this.vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(this::cloudBase).listen()
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    this.smsTls = this.vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(this::sms).listen()
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return this;
  }

  public int cloudBaseTlsPort() {
    return this.cloudBaseTls.actualPort();
  }

  public int smsTlsPort() {
    return this.smsTls.actualPort();
  }

  /** The answer timers' lateness since the last call, ns. */
  public org.HdrHistogram.Histogram timerLag() {
    return this.timerLag.getIntervalHistogram();
  }

  public int cloudBasePort() {
    return this.cloudBase.actualPort();
  }

  public int smsPort() {
    return this.sms.actualPort();
  }

  public long latencyMillis() {
    return this.latencyMillis;
  }

  public void latencyMillis(long millis) {
    this.latencyMillis = millis;
  }

  public double errorRate() {
    return this.errorRate;
  }

  public void errorRate(double rate) {
    this.errorRate = rate;
  }

  /** The code last sent to this E.164 number ({@code +8613800000000}), removed; {@code null} if none. */
  public String takeCode(String e164) {
    return this.codes.remove(e164);
  }

  /** Upstream calls served so far, by {@code METHOD path}. */
  public Map<String, Long> calls() {
    var out = new java.util.TreeMap<String, Long>();
    this.calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void resetCounters() {
    this.calls.clear();
    this.codes.clear();
  }

  public void close() throws Exception {
    if (this.cloudBase != null) {
      this.cloudBase.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    for (var server : new HttpServer[] {this.cloudBaseTls, this.smsTls}) {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
    }
    if (this.sms != null) {
      this.sms.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private void count(String key) {
    this.calls.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private boolean fails() {
    var rate = this.errorRate;
    return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
  }

  private void cloudBase(HttpServerRequest request) {
    var path = request.path();
    var method = request.method();
    count((request.isSSL() ? "tls " : "") + method + " " + path);
    if (method == HttpMethod.GET && path.equals("/auth/v1/user/me")) {
      var auth = request.getHeader("Authorization");
      var token = auth == null ? "" : auth.substring(Math.min(auth.length(), 7)).strip();
      var dash = token.lastIndexOf('-');
      var sub = "u-" + (dash >= 0 ? token.substring(dash + 1) : token);
      respond(request, 200, Buffer.buffer("{\"sub\":\"" + sub + "\"}"), CLOUDBASE_ERROR);
    } else if (method == HttpMethod.POST && path.equals("/auth/v1/user/sudo")) {
      request.body().onSuccess(body -> respond(request, 200, SUDO, CLOUDBASE_ERROR));
    } else if (method == HttpMethod.POST && path.equals("/auth/v1/token/clientCredential")) {
      request.body().onSuccess(body -> respond(request, 200, CLIENT_CREDENTIAL, CLOUDBASE_ERROR));
    } else if (method == HttpMethod.GET && path.equals("/auth/v1/user/query")) {
      respond(request, 200, USER_QUERY, CLOUDBASE_ERROR);
    } else if (method == HttpMethod.POST && path.equals("/bench/webhook")) {
      request.body().onSuccess(body -> request.response().setStatusCode(200).end());
    } else if (method == HttpMethod.POST && path.equals("/v1/traces")) {
      request.body().onSuccess(body -> request.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf").end());
    } else if (method == HttpMethod.POST && path.equals("/auth/v1/user/basic/edit")) {
      request.body().onSuccess(body -> respond(request, 200, EMPTY, CLOUDBASE_ERROR));
    } else {
      request.body().onSuccess(body -> respond(request, 404, NOT_FOUND, NOT_FOUND));
    }
  }

  private void sms(HttpServerRequest request) {
    count((request.isSSL() ? "tls " : "") + request.method() + " sms" + request.path());
    if (request.method() != HttpMethod.POST || !request.path().equals("/")) {
      request.body().onSuccess(body -> respond(request, 404, NOT_FOUND, NOT_FOUND));
      return;
    }
    request.body().onSuccess(body -> {
      try {
        var json = new JsonObject(body);
        JsonArray phones = json.getJsonArray("PhoneNumberSet");
        JsonArray params = json.getJsonArray("TemplateParamSet");
        if (phones != null && !phones.isEmpty() && params != null && !params.isEmpty()) {
          this.codes.put(phones.getString(0), params.getString(0));
        }
      } catch (RuntimeException malformed) {
        respond(request, 400, SMS_ERROR, SMS_ERROR);
        return;
      }
      respond(request, 200, SMS_OK, SMS_ERROR);
    });
  }

  private void respond(HttpServerRequest request, int status, Buffer body, Buffer error) {
    var failed = fails();
    var latency = this.latencyMillis;
    Runnable answer = () -> request.response().setStatusCode(failed ? 500 : status)
        .putHeader("Content-Type", "application/json").end(failed ? error : body);
    if (latency <= 0) {
      answer.run();
    } else {
      var due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latency);
      this.vertx.setTimer(latency, id -> {
        this.timerLag.recordValue(Math.max(0, System.nanoTime() - due));
        answer.run();
      });
    }
  }
}
