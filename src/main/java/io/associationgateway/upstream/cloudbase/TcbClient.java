package io.associationgateway.upstream.cloudbase;

import java.time.Clock;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamCalls;
import io.associationgateway.upstream.WebClients;
import io.associationgateway.upstream.tencent.Tc3Signer;
import io.associationgateway.upstream.tencent.TencentCloudAnswer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * CloudBase's Tencent Cloud API 3.0 ({@code tcb}, version {@code 2018-06-08}, no region): a JSON POST to
 * {@code gateway.cloudbase.tcb-endpoint} signed TC3-HMAC-SHA256 for service {@code tcb} with the environment owner's
 * SecretId/SecretKey, behind CloudBase's circuit breaker. Created lazily: the key pair is required only when the
 * {@code tcb} directory is used.
 */
@Singleton
public class TcbClient {

  static final String UPSTREAM = "CloudBase tcb API";
  static final String VERSION = "2018-06-08";
  static final String SERVICE = "tcb";

  private final WebClient client;
  private final CloudBaseConfig config;
  private final Tc3Signer signer;
  private final String host;
  private final Clock clock = Clock.systemUTC();
  private final UpstreamCalls calls;

  public TcbClient(CloudBaseConfig config, UpstreamCalls calls, WebClients clients) {
    this.config = config;
    this.calls = calls;
    this.signer = new Tc3Signer(config.secretId().orElseThrow(() -> missing("secret-id")),
        config.secretKey().orElseThrow(() -> missing("secret-key")));
    this.host = Tc3Signer.hostHeader(config.tcbEndpoint());
    this.client = clients.create(config.timeout());
  }

  private static IllegalStateException missing(String property) {
    return new IllegalStateException("gateway.cloudbase.directory=tcb needs gateway.cloudbase." + property);
  }

  /** A {@code tcb} action refused by Tencent Cloud ({@code Response.Error}): its code, and the answer for the log. */
  public static class TcbRefusal extends GatewayException {

    private final String code;
    private final String rawAnswer;

    TcbRefusal(ErrorId id, String description, String code, String rawAnswer) {
      super(id, description);
      this.code = code;
      this.rawAnswer = rawAnswer;
    }

    public String code() {
      return this.code;
    }

    public String rawAnswer() {
      return this.rawAnswer;
    }
  }

  /** Calls {@code action} with {@code params} ({@code EnvId} added) and answers {@code Response.Data}. Never retried here. */
  public Uni<JsonObject> call(String action, JsonObject params) {
    var payload = params.copy().put("EnvId", this.config.envId().orElseThrow()).encode();
    var timestamp = this.clock.instant().getEpochSecond();
    return this.calls.call(Upstream.CLOUDBASE, UPSTREAM, this.config.timeout(),
        () -> this.client.postAbs(this.config.tcbEndpoint().toString())
            .timeout(this.config.timeout().toMillis())
            .putHeader("Content-Type", Tc3Signer.CONTENT_TYPE)
            .putHeader("X-TC-Action", action)
            .putHeader("X-TC-Version", VERSION)
            .putHeader("X-TC-Timestamp", Long.toString(timestamp))
            .putHeader("Authorization", this.signer.authorization(SERVICE, this.host, Tc3Signer.CONTENT_TYPE, payload, timestamp))
            .sendBuffer(Buffer.buffer(payload)),
        response -> data(action, response));
  }

  private static JsonObject data(String action, HttpResponse<Buffer> response) {
    var answer = TencentCloudAnswer.response(UPSTREAM, response);
    var error = TencentCloudAnswer.errorCode(answer);
    if (error != null) {
      throw refusal(action, error, answer.encode());
    }
    return answer.getJsonObject("Data", new JsonObject());
  }

  /** Tencent Cloud's error codes: ours (credentials, parameters) are 503/502 for the client, theirs transient. */
  static GatewayException refusal(String action, String code, String rawAnswer) {
    if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation")) {
      Log.errorf(
          "CloudBase tcb %s refused the gateway's key pair (%s): check gateway.cloudbase.secret-id/secret-key and the key's permissions",
          action, code);
      return new GatewayException(ErrorId.UNAVAILABLE, "the gateway cannot manage CloudBase users right now (server credential refused)");
    }
    if (code.startsWith("InternalError") || code.startsWith("RequestLimitExceeded") || code.startsWith("LimitExceeded")
        || code.startsWith("ResourceUnavailable")) {
      return new TransientUpstreamException(UPSTREAM + " is unavailable (" + code + ")", null);
    }
    return new TcbRefusal(ErrorId.UPSTREAM_BAD_RESPONSE, UPSTREAM + " refused " + action + " (" + code + ")", code, rawAnswer);
  }

  @PreDestroy
  void close() {
    this.client.close();
  }
}
