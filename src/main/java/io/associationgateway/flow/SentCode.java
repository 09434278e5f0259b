package io.associationgateway.flow;

import java.time.Duration;

/** A code on its way: the id to verify it under, how long it lives, and whether the address is the caller's own. */
public record SentCode(String verificationId, Duration ttl, boolean isUser) {
}
