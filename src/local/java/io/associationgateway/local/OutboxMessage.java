package io.associationgateway.local;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One message the outbox "delivered" in local mode. */
public record OutboxMessage(String channel, String recipient, String code, @JsonProperty("sent_at") Instant sentAt) {
}
