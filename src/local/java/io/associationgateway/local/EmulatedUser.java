package io.associationgateway.local;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A user of the local CloudBase emulator. {@code phone} is kept as CloudBase's HTTP API writes it
 * ({@code "+86 13800000000"}), {@code password} is {@code null} for users created by a provider sign-in,
 * {@code wechat} is the linked {@code wx_open} identity or {@code null}.
 */
record EmulatedUser(String id, String username, String nickname, String password, String phone, String email, String status,
    ProviderIdentity wechat) {

  static final String ACTIVE = "ACTIVE";
  static final String BLOCKED = "BLOCKED";

  EmulatedUser withPhone(String value) {
    return new EmulatedUser(this.id, this.username, this.nickname, this.password, value, this.email, this.status, this.wechat);
  }

  EmulatedUser withEmail(String value) {
    return new EmulatedUser(this.id, this.username, this.nickname, this.password, this.phone, value, this.status, this.wechat);
  }

  EmulatedUser withUsername(String value) {
    return new EmulatedUser(this.id, value, this.nickname, this.password, this.phone, this.email, this.status, this.wechat);
  }

  EmulatedUser withNickname(String value) {
    return new EmulatedUser(this.id, this.username, value, this.password, this.phone, this.email, this.status, this.wechat);
  }

  EmulatedUser withPassword(String value) {
    return new EmulatedUser(this.id, this.username, this.nickname, value, this.phone, this.email, this.status, this.wechat);
  }

  EmulatedUser withStatus(String value) {
    return new EmulatedUser(this.id, this.username, this.nickname, this.password, this.phone, this.email, value, this.wechat);
  }

  EmulatedUser withWechat(ProviderIdentity value) {
    return new EmulatedUser(this.id, this.username, this.nickname, this.password, this.phone, this.email, this.status, value);
  }

  boolean active() {
    return ACTIVE.equals(this.status);
  }

  /** CloudBase's {@code v1Profile} (DOC:user-me): absent contacts are left out. */
  JsonObject profile() {
    var providers = new JsonArray();
    if (this.wechat != null) {
      providers.add(new JsonObject().put("id", ProviderIdentity.WX_OPEN).put("provider_user_id", this.wechat.sub())
          .put("name", this.wechat.name()).put("picture", this.wechat.picture()).put("meta", new JsonObject()));
    }
    var profile = new JsonObject().put("sub", this.id).put("user_id", this.id)
        .put("name", this.nickname == null ? this.username : this.nickname)
        .put("username", this.username).put("has_password", this.password != null).put("status", this.status).put("providers", providers);
    if (this.phone != null) {
      profile.put("phone_number", this.phone);
    }
    if (this.email != null) {
      profile.put("email", this.email);
    }
    return profile;
  }
}
