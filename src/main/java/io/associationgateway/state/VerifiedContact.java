package io.associationgateway.state;

import java.time.Duration;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Purpose;

/** A verification token taken out of Redis, kept so it can be put back when the step it paid for fails. */
public record VerifiedContact(String token, ContactTarget target, String userId, Purpose purpose, Duration remaining) {
}
