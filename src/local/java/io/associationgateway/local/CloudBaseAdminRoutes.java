package io.associationgateway.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.associationgateway.config.LocalConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.RoutingContext;

/**
 * The emulated HTTP API's admin side: client-credential tokens bought with the SecretId/SecretKey pair
 * (DOC:auth-client-credential), {@code user/basic/edit} with exactly its documented fields (DOC:user-edit-user-basic-info,
 * unknown fields refused rather than ignored), and the still-undocumented owner lookup {@code user/query}.
 */
@Singleton
class CloudBaseAdminRoutes {

  /** The documented body fields of {@code user/basic/edit}; anything else is refused. */
  static final Set<String> EDIT_FIELDS = Set.of("user_id", "nickname", "username", "phone", "email", "description", "avatar_url", "gender");
  static final Pattern PHONE = Pattern.compile("^\\+\\d{1,3} \\d{4,14}$");
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_.:+@ -]{2,48}$");
  private static final Set<String> GENDERS = Set.of("MALE", "FEMALE", "UNKNOWN");
  private static final Set<String> QUERY_FILTERS = Set.of("phone_number", "email", "username", "id");

  private final EmulatorUsers users;
  private final EmulatorAuth auth;
  private final LocalConfig config;

  CloudBaseAdminRoutes(EmulatorUsers users, EmulatorAuth auth, LocalConfig config) {
    this.users = users;
    this.auth = auth;
    this.config = config;
  }

  void install(CloudBaseEmulator.Routes routes) {
    routes.add(HttpMethod.POST, "/token/clientCredential", CloudBaseEmulator.sync(this::clientCredential));
    routes.add(HttpMethod.POST, "/user/basic/edit", CloudBaseEmulator.sync(this::edit));
    routes.add(HttpMethod.GET, "/user/query", CloudBaseEmulator.sync(this::query));
  }

  private EmulatorReply clientCredential(RoutingContext ctx, JsonObject body) {
    var id = this.config.secretId().filter(value -> !value.isBlank());
    var key = this.config.secretKey().filter(value -> !value.isBlank());
    var sent = ctx.request().getHeader("Authorization");
    var accepted = id.isPresent() && key.isPresent() && sent != null && MessageDigest.isEqual(
        ("Basic " + Base64.getEncoder().encodeToString((id.get() + ":" + key.get()).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8),
        sent.getBytes(StandardCharsets.UTF_8));
    if (!accepted) {
      return EmulatorReply.error(401, "unauthenticated", "Basic base64(SecretId:SecretKey) required");
    }
    if (!"client_credentials".equals(EmulatorReply.string(body, "grant_type"))) {
      return EmulatorReply.invalid("grant_type must be client_credentials");
    }
    var token = this.users.mint("cbsvc_", EmulatorUsers.Kind.ADMIN, null, EmulatorUsers.ADMIN_TTL);
    return EmulatorReply.ok(new JsonObject().put("token_type", "Bearer").put("access_token", token)
        .put("expires_in", EmulatorUsers.ADMIN_TTL.toSeconds()));
  }

  private EmulatorReply edit(RoutingContext ctx, JsonObject body) {
    var admin = this.auth.admin(ctx);
    var caller = admin ? null : this.auth.user(ctx).orElse(null);
    if (!admin && caller == null) {
      return EmulatorReply.unauthenticated();
    }
    var unknown = new TreeSet<>(body.fieldNames());
    unknown.removeAll(EDIT_FIELDS);
    if (!unknown.isEmpty()) {
      return EmulatorReply.invalid("unknown field(s) for user/basic/edit: " + String.join(", ", unknown));
    }
    for (var field : body.fieldNames()) {
      if (!(body.getValue(field) instanceof String)) {
        return EmulatorReply.invalid(field + " must be a string");
      }
    }
    var userId = EmulatorReply.string(body, "user_id");
    if (admin && userId == null) {
      return EmulatorReply.invalid("user_id is required with an admin credential");
    }
    if (!admin && userId != null && !userId.equals(caller.id())) {
      return EmulatorReply.error(403, "permission_denied", "changing another user's information needs admin rights");
    }
    var target = admin ? userId : caller.id();
    var refusal = validate(body);
    if (refusal != null) {
      return refusal;
    }
    var write = this.users.update(target, user -> apply(user, body));
    if (write.isEmpty()) {
      return EmulatorReply.error(404, "user_not_found", "no such user");
    }
    return write.get().conflict().map(conflict -> switch (conflict) {
      case PHONE -> EmulatorReply.error(409, "phone_already_exists", "the phone number is bound to another user");
      case EMAIL -> EmulatorReply.error(409, "email_already_exists", "the e-mail is bound to another user");
      default -> EmulatorReply.error(409, "username_already_exists", "the username is taken");
    }).orElseGet(EmulatorReply::empty);
  }

  private static EmulatorReply validate(JsonObject body) {
    var phone = EmulatorReply.string(body, "phone");
    if (phone != null && !phone.isEmpty() && !PHONE.matcher(phone).matches()) {
      return EmulatorReply.invalid("phone must look like \"+86 13800000000\" (or be \"\" to clear it)");
    }
    var email = EmulatorReply.string(body, "email");
    if (email != null && !email.isEmpty() && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
      return EmulatorReply.invalid("email is not an e-mail address (or \"\" to clear it)");
    }
    var username = EmulatorReply.string(body, "username");
    if (username != null && !USERNAME.matcher(username).matches()) {
      return EmulatorReply.invalid("username must be 2 to 48 letters, digits or -_.:+ @");
    }
    var gender = EmulatorReply.string(body, "gender");
    if (gender != null && !GENDERS.contains(gender)) {
      return EmulatorReply.invalid("gender must be MALE, FEMALE or UNKNOWN");
    }
    return null;
  }

  private static EmulatedUser apply(EmulatedUser user, JsonObject body) {
    var changed = user;
    if (body.containsKey("phone")) {
      changed = changed.withPhone(emptyToNull(EmulatorReply.string(body, "phone")));
    }
    if (body.containsKey("email")) {
      changed = changed.withEmail(emptyToNull(EmulatorReply.string(body, "email")));
    }
    if (body.containsKey("username")) {
      changed = changed.withUsername(EmulatorReply.string(body, "username"));
    }
    if (body.containsKey("nickname")) {
      changed = changed.withNickname(emptyToNull(EmulatorReply.string(body, "nickname")));
    }
    return changed;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** The owner lookup the gateway still assumes (undocumented): admin only, exactly one filter, exact match. */
  private EmulatorReply query(RoutingContext ctx, JsonObject body) {
    if (!this.auth.admin(ctx)) {
      return EmulatorReply.error(403, "permission_denied", "user/query needs an admin credential in the local emulator");
    }
    var params = ctx.queryParams();
    var names = new TreeSet<>(params.names());
    names.remove("client_id");
    if (names.size() != 1 || !QUERY_FILTERS.contains(names.first()) || params.getAll(names.first()).size() != 1) {
      return EmulatorReply.invalid("exactly one of phone_number, email, username or id is required");
    }
    var filter = names.first();
    var value = params.get(filter);
    if (filter.equals("phone_number") && !PHONE.matcher(value).matches()) {
      return EmulatorReply.invalid("phone_number must look like \"+86 13800000000\"");
    }
    var data = new JsonArray();
    this.users.all().stream().filter(user -> value.equals(switch (filter) {
      case "phone_number" -> user.phone();
      case "email" -> user.email();
      case "username" -> user.username();
      default -> user.id();
    })).forEach(user -> data.add(user.profile()));
    return EmulatorReply.ok(new JsonObject().put("total", data.size()).put("data", data));
  }
}
