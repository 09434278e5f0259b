package io.associationgateway.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.LocalModeGuard;
import io.associationgateway.upstream.tencent.Tc3Signer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;
import io.vertx.mutiny.ext.web.handler.BodyHandler;

/**
 * Local mode's Tencent Cloud API 3.0 endpoint for service {@code tcb} (version {@code 2018-06-08}) at
 * {@code POST /local/tcb/}: {@code DescribeUserList} (fuzzy, as the real service), {@code ModifyUser} and
 * {@code DeleteUsers} on the same users as the HTTP API emulator. Every call must carry a valid TC3-HMAC-SHA256
 * signature by {@code gateway.local.secret-id}/{@code secret-key} over the Host header as received; failures answer
 * HTTP 200 with {@code {"Response":{"Error":{Code, Message},"RequestId"}}}, as Tencent Cloud does.
 */
@Singleton
public class TcbEmulator {

  static final String PATH = "/local/tcb";
  static final String VERSION = "2018-06-08";
  private static final Duration SKEW = Duration.ofMinutes(10);
  private static final long MAX_BODY = 65_536;
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "^TC3-HMAC-SHA256 Credential=([^/\\s,]+)/\\d{4}-\\d{2}-\\d{2}/tcb/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$");
  private static final Pattern MAINLAND_PHONE = Pattern.compile("^\\d{11}$");
  private static final Set<String> STATUSES = Set.of(EmulatedUser.ACTIVE, EmulatedUser.BLOCKED);

  private enum Type {
    STRING, INTEGER, STRINGS
  }

  /** The documented parameters of each action; anything else is {@code UnknownParameter}. */
  private static final Map<String, Map<String, Type>> ACTIONS = Map.of(
      "DescribeUserList", params("EnvId", Type.STRING, "PageNo", Type.INTEGER, "PageSize", Type.INTEGER, "Name", Type.STRING,
          "NickName", Type.STRING, "Phone", Type.STRING, "Email", Type.STRING, "UidList", Type.STRINGS),
      "ModifyUser", params("EnvId", Type.STRING, "Uid", Type.STRING, "Phone", Type.STRING, "Email", Type.STRING, "UserStatus", Type.STRING,
          "NickName", Type.STRING, "Name", Type.STRING, "Password", Type.STRING, "Type", Type.STRING, "AvatarUrl", Type.STRING,
          "Description", Type.STRING),
      "DeleteUsers", params("EnvId", Type.STRING, "Uids", Type.STRINGS));

  /** A Tencent Cloud API error. */
  static final class TcbError extends RuntimeException {
    private final String code;

    TcbError(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final EmulatorUsers users;
  private final LocalConfig config;

  TcbEmulator(EmulatorUsers users, LocalConfig config) {
    this.users = users;
    this.config = config;
  }

  void install(@Observes Router router) {
    if (!this.config.emulator()) {
      return;
    }
    LocalModeGuard.refuseInProd("the tcb API emulator (gateway.local.emulator)");
    var route = router.route(HttpMethod.POST, PATH + "/");
    route.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    route.handler(this::handle);
    var bare = router.route(HttpMethod.POST, PATH);
    bare.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    bare.handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    var requestId = UUID.randomUUID().toString();
    JsonObject response;
    try {
      response = answer(ctx);
    } catch (TcbError error) {
      response = new JsonObject().put("Error", new JsonObject().put("Code", error.code).put("Message", error.getMessage()));
    }
    ctx.response().putHeader("Content-Type", "application/json")
        .endAndForget(new JsonObject().put("Response", response.put("RequestId", requestId)).encode());
  }

  private JsonObject answer(RoutingContext ctx) {
    var action = ctx.request().getHeader("X-TC-Action");
    if (!VERSION.equals(ctx.request().getHeader("X-TC-Version"))) {
      throw new TcbError("NoSuchVersion", "X-TC-Version must be " + VERSION);
    }
    if (action == null || !ACTIONS.containsKey(action)) {
      throw new TcbError("InvalidAction", "the local tcb emulator does not implement this action");
    }
    var payload = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    verifySignature(ctx, payload);
    JsonObject params;
    try {
      params = new JsonObject(payload);
    } catch (RuntimeException notJson) {
      throw new TcbError("InvalidParameter", "the body is not a JSON object");
    }
    check(ACTIONS.get(action), params);
    if (!this.config.envId().equals(params.getString("EnvId"))) {
      throw new TcbError("InvalidParameter.EnvId", "EnvId does not name this environment");
    }
    return switch (action) {
      case "DescribeUserList" -> describe(params);
      case "ModifyUser" -> modify(params);
      default -> delete(params);
    };
  }

  private void verifySignature(RoutingContext ctx, String payload) {
    var authorization = ctx.request().getHeader("Authorization");
    var matcher = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (matcher == null || !matcher.matches()) {
      throw new TcbError("AuthFailure.InvalidAuthorization", "Authorization is not a TC3-HMAC-SHA256 header for service tcb");
    }
    var secretId = this.config.secretId().filter(value -> !value.isBlank());
    var secretKey = this.config.secretKey().filter(value -> !value.isBlank());
    if (secretId.isEmpty() || secretKey.isEmpty() || !secretId.get().equals(matcher.group(1))) {
      throw new TcbError("AuthFailure.SecretIdNotFound", "the SecretId is not known");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(String.valueOf(ctx.request().getHeader("X-TC-Timestamp")));
    } catch (NumberFormatException missing) {
      throw new TcbError("MissingParameter", "X-TC-Timestamp is required");
    }
    if (Duration.between(Instant.ofEpochSecond(timestamp), Instant.now()).abs().compareTo(SKEW) > 0) {
      throw new TcbError("AuthFailure.SignatureExpire", "X-TC-Timestamp is more than 10 minutes off");
    }
    var contentType = ctx.request().getHeader("Content-Type");
    var host = ctx.request().getHeader("Host");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json") || host == null) {
      throw new TcbError("AuthFailure.SignatureFailure", "Content-Type application/json and Host are required and signed");
    }
    String expected;
    try {
      expected = new Tc3Signer(secretId.get(), secretKey.get()).authorization("tcb", host, contentType, payload, timestamp);
    } catch (IllegalArgumentException unsignable) {
      throw new TcbError("AuthFailure.SignatureFailure", "the signed headers are not valid");
    }
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new TcbError("AuthFailure.SignatureFailure", "the signature does not match");
    }
  }

  private static void check(Map<String, Type> allowed, JsonObject params) {
    for (var name : params.fieldNames()) {
      var type = allowed.get(name);
      if (type == null) {
        throw new TcbError("UnknownParameter", "The parameter `" + name + "` is not recognized");
      }
      var value = params.getValue(name);
      var fits = switch (type) {
        case STRING -> value instanceof String;
        case INTEGER -> (value instanceof Integer || value instanceof Long);
        case STRINGS -> value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance);
      };
      if (!fits) {
        throw new TcbError("InvalidParameter", "The parameter `" + name + "` has the wrong type");
      }
    }
    for (var required : new String[]{"EnvId", "Uid", "Uids"}) {
      if (allowed.containsKey(required) && !params.containsKey(required)) {
        throw new TcbError("MissingParameter", "The parameter `" + required + "` is required");
      }
    }
  }

  private JsonObject describe(JsonObject params) {
    var pageNo = params.getLong("PageNo", 1L);
    var pageSize = params.getLong("PageSize", 20L);
    if (pageNo < 1 || pageSize < 1 || pageSize > 100) {
      throw new TcbError("InvalidParameterValue", "PageNo must be >= 1 and PageSize 1 to 100");
    }
    var uids = params.getJsonArray("UidList");
    var matches = this.users.all().stream()
        .filter(user -> fuzzy(params.getString("Name"), user.username()) && fuzzy(params.getString("NickName"), user.nickname())
            && fuzzy(params.getString("Phone"), tcbPhone(user)) && fuzzy(params.getString("Email"), user.email())
            && (uids == null || uids.contains(user.id())))
        .toList();
    var list = new JsonArray();
    matches.stream().skip((pageNo - 1) * pageSize).limit(pageSize).forEach(user -> list.add(new JsonObject().put("Uid", user.id())
        .put("Name", user.username()).put("NickName", orEmpty(user.nickname())).put("Phone", tcbPhone(user))
        .put("Email", orEmpty(user.email())).put("Type", "externalUser").put("UserStatus", user.status())));
    return new JsonObject().put("Data", new JsonObject().put("Total", matches.size()).put("UserList", list));
  }

  /** A substring match, as the real service filters; an absent or empty filter matches everyone. */
  private static boolean fuzzy(String filter, String value) {
    return filter == null || filter.isEmpty() || value != null && value.contains(filter);
  }

  private JsonObject modify(JsonObject params) {
    var phone = params.getString("Phone");
    if (phone != null && !phone.isEmpty() && !MAINLAND_PHONE.matcher(phone).matches()) {
      throw new TcbError("InvalidParameterValue", "Phone must be 11 digits without country code, or \"\" to clear it");
    }
    var email = params.getString("Email");
    if (email != null && !email.isEmpty() && !CloudBaseAdminRoutes.EMAIL.matcher(email).matches()) {
      throw new TcbError("InvalidParameterValue", "Email is not an e-mail address");
    }
    var status = params.getString("UserStatus");
    if (status != null && !STATUSES.contains(status)) {
      throw new TcbError("InvalidParameterValue", "UserStatus must be ACTIVE or BLOCKED");
    }
    var name = params.getString("Name");
    var password = params.getString("Password");
    if (name != null && name.isBlank() || password != null && password.isEmpty()) {
      throw new TcbError("InvalidParameterValue", "Name and Password cannot be empty");
    }
    var type = params.getString("Type");
    if (type != null && !type.equals("externalUser") && !type.equals("internalUser")) {
      throw new TcbError("InvalidParameterValue", "Type must be externalUser or internalUser");
    }
    var write = this.users.update(params.getString("Uid"), user -> {
      var changed = user;
      if (phone != null) {
        changed = changed.withPhone(phone.isEmpty() ? null : "+86 " + phone);
      }
      if (email != null) {
        changed = changed.withEmail(email.isEmpty() ? null : email);
      }
      if (status != null) {
        changed = changed.withStatus(status);
      }
      if (name != null) {
        changed = changed.withUsername(name);
      }
      if (params.containsKey("NickName")) {
        changed = changed.withNickname(orNull(params.getString("NickName")));
      }
      return password == null ? changed : changed.withPassword(password);
    });
    if (write.isEmpty()) {
      throw new TcbError("ResourceNotFound.User", "no user with this Uid");
    }
    if (write.get().conflict().isPresent()) {
      throw new TcbError("ResourceInUse",
          "the " + write.get().conflict().get().name().toLowerCase(Locale.ROOT) + " belongs to another user");
    }
    return new JsonObject().put("Data", new JsonObject().put("Success", true));
  }

  private JsonObject delete(JsonObject params) {
    var uids = params.getJsonArray("Uids");
    if (uids.isEmpty() || uids.size() > 100) {
      throw new TcbError("InvalidParameterValue", "Uids must name 1 to 100 users");
    }
    var deleted = uids.stream().map(String.class::cast).distinct().filter(this.users::delete).count();
    return new JsonObject().put("Data", new JsonObject().put("SuccessCount", deleted).put("FailedCount", uids.size() - deleted));
  }

  /** The phone as {@code tcb} shows it: the national number, without the country code. */
  private static String tcbPhone(EmulatedUser user) {
    return user.phone() == null ? "" : user.phone().substring(user.phone().indexOf(' ') + 1);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String orNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static Map<String, Type> params(Object... pairs) {
    var map = new LinkedHashMap<String, Type>();
    for (var i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Type) pairs[i + 1]);
    }
    return Map.copyOf(map);
  }
}
