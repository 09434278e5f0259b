package io.associationgateway.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.associationgateway.config.LocalConfig;
import io.vertx.mutiny.ext.web.RoutingContext;

/** Who calls the emulated CloudBase HTTP API: a signed-in user, an admin (API key or client-credential token), or nobody. */
@Singleton
class EmulatorAuth {

  private final EmulatorUsers users;
  private final LocalConfig config;

  EmulatorAuth(EmulatorUsers users, LocalConfig config) {
    this.users = users;
    this.config = config;
  }

  /** The active user whose live access token is the bearer. */
  Optional<EmulatedUser> user(RoutingContext ctx) {
    return this.users.holder(EmulatorUsers.Kind.ACCESS, bearer(ctx)).flatMap(this.users::byId).filter(EmulatedUser::active);
  }

  /** Whether the bearer is the API key or a live client-credential token. */
  boolean admin(RoutingContext ctx) {
    var bearer = bearer(ctx);
    if (bearer == null) {
      return false;
    }
    var key = this.config.apiKey().filter(value -> !value.isBlank());
    return key.isPresent() && MessageDigest.isEqual(key.get().getBytes(StandardCharsets.UTF_8), bearer.getBytes(StandardCharsets.UTF_8))
        || this.users.holder(EmulatorUsers.Kind.ADMIN, bearer).isPresent();
  }

  static String bearer(RoutingContext ctx) {
    var header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
  }
}
