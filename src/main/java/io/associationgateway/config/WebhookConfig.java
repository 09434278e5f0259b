package io.associationgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Security events sent to HTTPS endpoints, signed, at least once, from a Redis Streams outbox. */
@ConfigMapping(prefix = "gateway.webhooks")
public interface WebhookConfig {

  /** Where events go (HTTPS). None by default: no events are queued. */
  Optional<List<URI>> endpoints();

  /** Key for the {@code X-Gateway-Signature} HMAC-SHA256 (at least 32 characters). Required with endpoints. */
  Optional<String> secret();

  /** Accept {@code http://} endpoints (tests, a sidecar on localhost). <p>Defaults to {@code false}.</p> */
  @WithDefault("false")
  boolean allowHttp();

  /** Wait before the first retry of an undelivered event; doubles with each try. <p>Defaults to {@code 2s}.</p> */
  @WithDefault("2s")
  Duration retryBase();

  /** Longest wait between retries. <p>Defaults to {@code 5m}.</p> */
  @WithDefault("5m")
  Duration retryMax();

  /** Tries before an event is moved to the dead-letter stream {@code gw:events:dead}. <p>Defaults to {@code 20}.</p> */
  @WithDefault("20")
  int maxAttempts();

  /** How often the outbox is polled. <p>Defaults to {@code 500ms}.</p> */
  @WithDefault("500ms")
  Duration pollInterval();

  /** Time allowed for one delivery. <p>Defaults to {@code 5s}.</p> */
  @WithDefault("5s")
  Duration timeout();

  /** Events kept in the outbox stream at most (older ones are trimmed). <p>Defaults to {@code 100000}.</p> */
  @WithDefault("100000")
  long streamMaxLength();
}
