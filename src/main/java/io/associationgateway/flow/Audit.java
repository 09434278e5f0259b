package io.associationgateway.flow;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.webhook.EventOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One structured event per security step, on the log category {@code io.associationgateway.audit}, and a counter
 * {@code gateway_security_events_total{event,outcome}}. Carries user id, masked address, client IP and request id;
 * never a code, token, password or full address. With webhooks configured the event also goes to the outbox.
 */
@Singleton
public class Audit {

  private static final Logger LOG = Logger.getLogger("io.associationgateway.audit");

  private final MeterRegistry meters;
  private final EventOutbox outbox;
  /** The counters by event, then outcome: looked up here, not registered again on every event. */
  private final Map<AuditEvent, Map<String, Counter>> counters = new EnumMap<>(AuditEvent.class);

  public Audit(MeterRegistry meters, EventOutbox outbox) {
    this.meters = meters;
    this.outbox = outbox;
    for (var event : AuditEvent.values()) {
      this.counters.put(event, new ConcurrentHashMap<>());
    }
  }

  public void record(AuditEvent event, AuditOutcome outcome, String userId, ContactTarget target, RequestInfo request) {
    var byOutcome = this.counters.get(event);
    var counter = byOutcome.get(outcome.wireName());
    if (counter == null) {
      // registered once per event and outcome; the capturing lambda is made only then, not on every event
      counter = byOutcome.computeIfAbsent(outcome.wireName(),
          wire -> this.meters.counter("gateway.security.events", "event", event.wireName(), "outcome", wire));
    }
    counter.increment();
    if (LOG.isInfoEnabled()) {
      // concatenated, not printf-formatted: one line per step, and Formatter cost more than the line itself
      LOG.info("event=" + event.wireName() + " outcome=" + outcome.wireName() + " user=" + (userId == null ? "-" : userId) + " target="
          + (target == null ? "-" : target.masked()) + " ip=" + (request == null ? "-" : request.clientIp()) + " request="
          + (request == null ? "-" : request.requestId()));
    }
    this.outbox.append(event.wireName(), outcome.wireName(), userId, target, request);
  }
}
