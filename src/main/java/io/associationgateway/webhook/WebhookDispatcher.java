package io.associationgateway.webhook;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.WebhookConfig;
import io.associationgateway.upstream.WebClients;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Delivers the outbox ({@code gw:events}, consumer group {@code webhooks}) to every endpoint, signed. An event is
 * acknowledged only when every endpoint answered 2xx; otherwise it stays pending and is claimed again (by this or any
 * other replica, also after a restart) once it has been idle for the retry delay, which doubles with each try up to
 * {@code retry-max}. After {@code max-attempts} it moves to {@code gw:events:dead}. At least once: receivers dedupe by
 * {@code X-Gateway-Event-Id}.
 */
@Singleton
public class WebhookDispatcher {

  static final String GROUP = "webhooks";
  static final String DEAD = "gw:events:dead";

  private final ReactiveRedisDataSource redis;
  private final WebhookConfig config;
  private final Vertx vertx;
  private final WebClients clients;
  private final String consumer = "gw-" + ManagementFactory.getRuntimeMXBean().getName();
  private final AtomicBoolean busy = new AtomicBoolean();
  private WebClient client;
  private long timer = -1;

  public WebhookDispatcher(ReactiveRedisDataSource redis, WebhookConfig config, Vertx vertx, WebClients clients) {
    this.redis = redis;
    this.config = config;
    this.vertx = vertx;
    this.clients = clients;
  }

  void start(@Observes StartupEvent startup) {
    var endpoints = this.config.endpoints().orElse(List.of());
    if (endpoints.isEmpty()) {
      return;
    }
    var secret = this.config.secret().orElse("");
    if (secret.length() < 32) {
      throw new IllegalStateException("gateway.webhooks.secret must have at least 32 characters when endpoints are set");
    }
    for (var endpoint : endpoints) {
      if (!"https".equals(endpoint.getScheme()) && !this.config.allowHttp()) {
        throw new IllegalStateException("webhook endpoints must be https (gateway.webhooks.allow-http=true to allow " + endpoint + ")");
      }
    }
    this.client = this.clients.create(this.config.timeout());
    this.timer = this.vertx.setPeriodic(this.config.pollInterval().toMillis(), tick -> poll());
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (this.timer >= 0) {
      this.vertx.cancelTimer(this.timer);
    }
    if (this.client != null) {
      this.client.close();
    }
  }

  private void poll() {
    if (!this.busy.compareAndSet(false, true)) {
      return;
    }
    ensureGroup().chain(this::retryDue).chain(this::readNew)
        .subscribe().with(done -> this.busy.set(false), failure -> {
          this.busy.set(false);
          Log.debugf("webhook poll failed: %s", failure.getMessage());
        });
  }

  private Uni<Void> ensureGroup() {
    return this.redis.execute("XGROUP", "CREATE", EventOutbox.STREAM, GROUP, "0", "MKSTREAM").replaceWithVoid()
        .onFailure(failure -> String.valueOf(failure.getMessage()).contains("BUSYGROUP")).recoverWithNull().replaceWithVoid();
  }

  /** Pending events whose retry delay has passed: claim, then deliver again (or give up after max-attempts). */
  private Uni<Void> retryDue() {
    var minIdle = Long.toString(this.config.retryBase().toMillis());
    return this.redis.execute("XPENDING", EventOutbox.STREAM, GROUP, "IDLE", minIdle, "-", "+", "50").chain(pending -> {
      var due = new ArrayList<Uni<Void>>();
      for (int i = 0; pending != null && i < pending.size(); i++) {
        var entry = pending.get(i);
        var id = entry.get(0).toString();
        var idle = entry.get(2).toLong();
        var deliveries = entry.get(3).toInteger();
        if (idle >= backoff(deliveries).toMillis()) {
          due.add(this.redis.execute("XCLAIM", EventOutbox.STREAM, GROUP, this.consumer, minIdle, id)
              .chain(claimed -> handle(claimed, deliveries + 1)));
        }
      }
      return due.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(due).andCollectFailures().replaceWithVoid();
    });
  }

  private Uni<Void> readNew() {
    return this.redis.execute("XREADGROUP", "GROUP", GROUP, this.consumer, "COUNT", "20", "STREAMS", EventOutbox.STREAM, ">")
        .chain(reply -> reply == null || reply.size() == 0 ? Uni.createFrom().voidItem() : handle(entries(reply), 1));
  }

  /** XREADGROUP answers per stream: a map under RESP3, a list of [stream, entries] pairs under RESP2. */
  private static Response entries(Response reply) {
    if (reply.type() == ResponseType.MULTI && !reply.getKeys().isEmpty()) {
      return reply.get(EventOutbox.STREAM);
    }
    return reply.get(0).get(1);
  }

  private Uni<Void> handle(Response entries, int attempt) {
    var deliveries = new ArrayList<Uni<Void>>();
    for (int i = 0; entries != null && i < entries.size(); i++) {
      var entry = entries.get(i);
      if (entry == null || entry.size() < 2 || entry.get(1) == null) {
        continue;
      }
      var id = entry.get(0).toString();
      var fields = entry.get(1);
      var body = fields.size() >= 2 ? fields.get(1).toString() : "{}";
      if (attempt > this.config.maxAttempts()) {
        deliveries.add(this.redis.execute("XADD", DEAD, "*", "event", body).chain(() -> ack(id)));
      } else {
        deliveries.add(deliver(body).chain(delivered -> delivered ? ack(id) : Uni.createFrom().voidItem()));
      }
    }
    return deliveries.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deliveries).andCollectFailures().replaceWithVoid();
  }

  private Uni<Void> ack(String id) {
    return this.redis.execute("XACK", EventOutbox.STREAM, GROUP, id).replaceWithVoid();
  }

  /** True when every endpoint took the event. */
  private Uni<Boolean> deliver(String body) {
    var eventId = new JsonObject(body).getString("id", "");
    var timestamp = System.currentTimeMillis() / 1000;
    var signature = WebhookSignature.sign(this.config.secret().orElseThrow(), timestamp, body);
    var sends = this.config.endpoints().orElse(List.of()).stream().map(endpoint -> send(endpoint, body, eventId, timestamp, signature))
        .toList();
    return Uni.join().all(sends).andCollectFailures().map(results -> results.stream().allMatch(Boolean::booleanValue))
        .onFailure().recoverWithItem(false);
  }

  private Uni<Boolean> send(URI endpoint, String body, String eventId, long timestamp, String signature) {
    return this.client.postAbs(endpoint.toString()).timeout(this.config.timeout().toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSignature.EVENT_ID_HEADER, eventId)
        .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .putHeader(WebhookSignature.SIGNATURE_HEADER, signature)
        .sendBuffer(Buffer.buffer(body))
        .map(response -> response.statusCode() >= 200 && response.statusCode() < 300)
        .onFailure().recoverWithItem(false);
  }

  /** Wait before try {@code deliveries + 1}: retry-base doubled per earlier try, at most retry-max. */
  Duration backoff(int deliveries) {
    return backoff(deliveries, this.config.retryBase(), this.config.retryMax());
  }

  /** Wait before try {@code deliveries + 1}: {@code base} doubled per earlier try, at most {@code max}. */
  static Duration backoff(int deliveries, Duration base, Duration max) {
    var factor = 1L << Math.min(20, Math.max(0, deliveries - 1));
    var wait = base.multipliedBy(factor);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
