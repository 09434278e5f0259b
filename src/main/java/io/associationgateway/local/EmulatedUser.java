package io.associationgateway.local;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A user of the local CloudBase emulator. Contacts are kept normalised. */
record EmulatedUser(String id, String username, String password, String phoneNumber, String email, String status, JsonArray providers) {

  EmulatedUser(String id, String username, String password, String phoneNumber, String email) {
    this(id, username, password, phoneNumber, email, "ACTIVE", new JsonArray());
  }

  EmulatedUser withPhone(String phone) {
    return new EmulatedUser(this.id, this.username, this.password, phone, this.email, this.status, this.providers);
  }

  EmulatedUser withEmail(String address) {
    return new EmulatedUser(this.id, this.username, this.password, this.phoneNumber, address, this.status, this.providers);
  }

  EmulatedUser withStatus(String newStatus) {
    return new EmulatedUser(this.id, this.username, this.password, this.phoneNumber, this.email, newStatus, this.providers);
  }

  EmulatedUser withProviders(JsonArray linked) {
    return new EmulatedUser(this.id, this.username, this.password, this.phoneNumber, this.email, this.status, linked);
  }

  boolean hasProviderUser(String providerUserId) {
    return this.providers.stream().anyMatch(link -> providerUserId.equals(((JsonObject) link).getString("provider_user_id")));
  }

  boolean active() {
    return "ACTIVE".equals(this.status);
  }

  /** CloudBase's {@code v1Profile} shape, the fields the SDK and the gateway read. */
  JsonObject profile() {
    return new JsonObject().put("sub", this.id).put("user_id", this.id).put("name", this.username).put("username", this.username)
        .put("phone_number", this.phoneNumber).put("email", this.email).put("has_password", true).put("status", this.status)
        .put("providers", this.providers.copy());
  }
}
