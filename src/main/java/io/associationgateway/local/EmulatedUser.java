package io.associationgateway.local;

import io.vertx.core.json.JsonObject;

/** A user of the local CloudBase emulator. Contacts are kept normalised. */
record EmulatedUser(String id, String username, String password, String phoneNumber, String email, String status) {

  EmulatedUser withPhone(String phone) {
    return new EmulatedUser(this.id, this.username, this.password, phone, this.email, this.status);
  }

  EmulatedUser withEmail(String address) {
    return new EmulatedUser(this.id, this.username, this.password, this.phoneNumber, address, this.status);
  }

  EmulatedUser withStatus(String newStatus) {
    return new EmulatedUser(this.id, this.username, this.password, this.phoneNumber, this.email, newStatus);
  }

  boolean active() {
    return "ACTIVE".equals(this.status);
  }

  /** CloudBase's {@code v1Profile} shape, the fields the SDK and the gateway read. */
  JsonObject profile() {
    return new JsonObject().put("sub", this.id).put("user_id", this.id).put("name", this.username).put("username", this.username)
        .put("phone_number", this.phoneNumber).put("email", this.email).put("has_password", true).put("status", this.status)
        .put("providers", new io.vertx.core.json.JsonArray());
  }
}
