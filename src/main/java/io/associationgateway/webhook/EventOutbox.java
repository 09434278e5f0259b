package io.associationgateway.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.associationgateway.config.WebhookConfig;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.RequestInfo;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.json.JsonObject;

/**
 * Appends security events to the Redis stream {@code gw:events} (capped), from which {@link WebhookDispatcher} delivers
 * them. Appending does not hold up the request; an append that fails is logged (the audit log still has the event).
 */
@Singleton
public class EventOutbox {

  static final String STREAM = "gw:events";

  private final ReactiveRedisDataSource redis;
  private final WebhookConfig config;
  private final boolean enabled;

  public EventOutbox(ReactiveRedisDataSource redis, WebhookConfig config) {
    this.redis = redis;
    this.config = config;
    this.enabled = config.endpoints().filter(endpoints -> !endpoints.isEmpty()).isPresent();
  }

  public void append(String event, String outcome, String userId, ContactTarget target, RequestInfo request) {
    if (!this.enabled) {
      return;
    }
    var body = new JsonObject().put("id", UUID.randomUUID().toString()).put("type", event).put("outcome", outcome).put("user_id", userId)
        .put("target", target == null ? null : target.masked()).put("client_ip", request == null ? null : request.clientIp())
        .put("request_id", request == null ? null : request.requestId()).put("occurred_at", Instant.now().toString());
    this.redis.execute("XADD", STREAM, "MAXLEN", "~", Long.toString(this.config.streamMaxLength()), "*", "event", body.encode())
        .subscribe().with(added -> {
        }, failure -> Log.warnf("security event %s not queued for webhooks: %s", event, failure.getMessage()));
  }
}
