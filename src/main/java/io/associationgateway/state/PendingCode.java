package io.associationgateway.state;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Purpose;

/** A code waiting to be verified: only its HMAC is kept, with the address it went to, for whom and why. */
public record PendingCode(String mac, ContactTarget target, String userId, Purpose purpose) {
}
