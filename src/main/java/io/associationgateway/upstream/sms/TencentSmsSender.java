package io.associationgateway.upstream.sms;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.associationgateway.config.SmsConfig;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamCalls;
import io.associationgateway.upstream.WebClients;
import io.associationgateway.upstream.tencent.Tc3Signer;
import io.associationgateway.upstream.tencent.TencentCloudAnswer;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/** Tencent Cloud SMS {@code SendSms} (API 2021-01-11), signed with TC3-HMAC-SHA256. */
@Singleton
@LookupIfProperty(name = "gateway.sms.provider", stringValue = "tencent", lookupIfMissing = true)
public class TencentSmsSender implements SmsSender {

  static final String UPSTREAM = "Tencent Cloud SMS";

  private final WebClient client;
  private final SmsConfig config;
  private final Tc3Signer signer;
  private final String host;
  private final Clock clock;
  private final UpstreamCalls calls;

  public TencentSmsSender(SmsConfig config, UpstreamCalls calls, WebClients clients) {
    this.calls = calls;
    this.config = config;
    this.clock = Clock.systemUTC();
    this.signer = new Tc3Signer(required(config.secretId().orElse(null), "secret-id"),
        required(config.secretKey().orElse(null), "secret-key"));
    required(config.sdkAppId().orElse(null), "sdk-app-id");
    required(config.templateId().orElse(null), "template-id");
    this.host = Tc3Signer.hostHeader(config.endpoint());
    this.client = clients.create(config.timeout());
  }

  @Override
  public Uni<Void> sendCode(ContactTarget phone, String code, Duration ttl) {
    var params = new JsonArray().add(code);
    if (this.config.templateHasMinutes()) {
      params.add(Long.toString(Math.max(1, ttl.toMinutes())));
    }
    return send(phone, this.config.templateId().orElseThrow(), params);
  }

  /** Sent with {@code gateway.sms.notice-template-id} (a template without variables); skipped when that is not set. */
  @Override
  public Uni<Void> sendNotice(ContactTarget phone, Notice notice) {
    return this.config.noticeTemplateId().map(template -> send(phone, template, new JsonArray()))
        .orElseGet(
            () -> Uni.createFrom().voidItem().invoke(() -> Log.debugf("no SMS notice template; notice to %s skipped", phone.masked())));
  }

  /** One {@code SendSms} through the SMS circuit breaker. Never retried: a retry could deliver a second message. */
  private Uni<Void> send(ContactTarget phone, String templateId, JsonArray params) {
    var body = new JsonObject()
        .put("PhoneNumberSet", new JsonArray().add(phone.e164()))
        .put("SmsSdkAppId", this.config.sdkAppId().orElseThrow())
        .put("TemplateId", templateId)
        .put("TemplateParamSet", params);
    this.config.signName().ifPresent(sign -> body.put("SignName", sign));
    var payload = body.encode();
    var timestamp = this.clock.instant().getEpochSecond();
    return this.calls.call(Upstream.SMS, UPSTREAM, this.config.timeout(), () -> this.client.postAbs(this.config.endpoint().toString())
        .timeout(this.config.timeout().toMillis())
        .putHeader("Content-Type", Tc3Signer.CONTENT_TYPE)
        .putHeader("X-TC-Action", "SendSms")
        .putHeader("X-TC-Version", "2021-01-11")
        .putHeader("X-TC-Region", this.config.region())
        .putHeader("X-TC-Timestamp", Long.toString(timestamp))
        .putHeader("Authorization", this.signer.authorization("sms", this.host, Tc3Signer.CONTENT_TYPE, payload, timestamp))
        .sendBuffer(Buffer.buffer(payload)), response -> checkAccepted(response, phone));
  }

  private static Void checkAccepted(HttpResponse<Buffer> response, ContactTarget phone) {
    var answer = TencentCloudAnswer.response(UPSTREAM, response);
    var error = TencentCloudAnswer.errorCode(answer);
    if (error != null) {
      throw refusal(error, phone, answer.getString("RequestId"));
    }
    var statuses = answer.getJsonArray("SendStatusSet");
    var status = statuses == null || statuses.isEmpty() ? null : statuses.getJsonObject(0);
    var code = status == null ? "" : status.getString("Code", "");
    if (!"Ok".equals(code)) {
      throw refusal(code, phone, answer.getString("RequestId"));
    }
    return null;
  }

  /** Provider codes that describe the number or its limits are the caller's business; the rest is ours (502). */
  static GatewayException refusal(String code, ContactTarget phone, String requestId) {
    Log.warnf("SMS to %s refused by provider: %s (request %s)", phone.masked(), code, requestId);
    if (code.startsWith("LimitExceeded.")) {
      return new GatewayException(ErrorId.RESOURCE_EXHAUSTED, "too many messages to this phone number; try again later");
    }
    if (code.equals("InvalidParameterValue.IncorrectPhoneNumber") || code.equals("FailedOperation.PhoneNumberInBlacklist")
        || code.startsWith("UnsupportedOperation.")) {
      return new GatewayException(ErrorId.INVALID_ARGUMENT, "this phone number cannot receive messages");
    }
    if (code.startsWith("InternalError.")) {
      return new TransientUpstreamException(UPSTREAM + " is unavailable", null);
    }
    return new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, UPSTREAM + " refused the message");
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("gateway.sms." + name + " is required with gateway.sms.provider=tencent");
    }
    return value;
  }

  @PreDestroy
  void close() {
    this.client.close();
  }
}
