package io.associationgateway.flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.webhook.EventOutbox;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One structured event per security step, on the log category {@code io.associationgateway.audit}, and a counter
 * {@code gateway_security_events_total{event,outcome}}. Carries user id, masked address, client IP and request id;
 * never a code, token, password or full address. With webhooks configured the event also goes to the outbox.
 */
@ApplicationScoped
public class Audit {

  private static final Logger LOG = Logger.getLogger("io.associationgateway.audit");

  private final MeterRegistry meters;
  private final EventOutbox outbox;

  public Audit(MeterRegistry meters, EventOutbox outbox) {
    this.meters = meters;
    this.outbox = outbox;
  }

  public void record(AuditEvent event, AuditOutcome outcome, String userId, ContactTarget target, RequestInfo request) {
    this.meters.counter("gateway.security.events", "event", event.wireName(), "outcome", outcome.wireName()).increment();
    LOG.infof("event=%s outcome=%s user=%s target=%s ip=%s request=%s", event.wireName(), outcome.wireName(), userId == null ? "-" : userId,
        target == null ? "-" : target.masked(), request == null ? "-" : request.clientIp(), request == null ? "-" : request.requestId());
    this.outbox.append(event.wireName(), outcome.wireName(), userId, target, request);
  }
}
