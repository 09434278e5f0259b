package io.associationgateway.flow;

import java.time.Duration;

/** A token handed to the client, with how long it lives. */
public record IssuedToken(String token, Duration ttl) {
}
