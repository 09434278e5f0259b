package io.associationgateway.local;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import jakarta.inject.Singleton;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The emulated CloudBase environment's users and the tokens it minted, in memory, shared by the HTTP API and the
 * {@code tcb} API emulators. Seeded with {@code demo}/{@code passwd} (no phone, no e-mail, no provider) and
 * {@code taken}/{@code passwd} owning {@code +86 13900000000} and {@code taken@example.com}. Writes that must keep a
 * phone, e-mail or identity unique run under this object's lock. Tokens come from {@link SecureRandom}.
 */
@Singleton
public class EmulatorUsers {

  /** What a token stands for. */
  enum Kind {
    ACCESS, REFRESH, SUDO, ADMIN
  }

  /** Access tokens live 2 h, refresh tokens 31 days, sudo tokens 15 min, client-credential tokens 5 days, provider tokens 1 h. */
  static final Duration ACCESS_TTL = Duration.ofSeconds(7200);
  static final Duration REFRESH_TTL = Duration.ofDays(31);
  static final Duration SUDO_TTL = Duration.ofSeconds(900);
  static final Duration ADMIN_TTL = Duration.ofSeconds(432_000);
  static final Duration PROVIDER_TTL = Duration.ofSeconds(3600);

  /** Which unique value a write would take from another user. */
  enum Conflict {
    PHONE, EMAIL, USERNAME, IDENTITY
  }

  /** The outcome of a guarded write: the conflict that refused it, or none. */
  record Write(Optional<Conflict> conflict) {
    static final Write DONE = new Write(Optional.empty());
  }

  private record Grant(Kind kind, String userId, Instant expiresAt) {
  }

  private record ProviderGrant(ProviderIdentity identity, Instant expiresAt, boolean reusable) {
  }

  private final Map<String, EmulatedUser> users = new ConcurrentHashMap<>();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Map<String, ProviderGrant> providerGrants = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public EmulatorUsers() {
    put(new EmulatedUser("user-demo", "demo", null, "passwd", null, null, EmulatedUser.ACTIVE, null));
    put(new EmulatedUser("user-taken", "taken", null, "passwd", "+86 13900000000", "taken@example.com", EmulatedUser.ACTIVE, null));
  }

  Optional<EmulatedUser> byId(String id) {
    return Optional.ofNullable(id == null ? null : this.users.get(id));
  }

  /** Sign-in name: the username, a bound phone ({@code "+86 …"}) or a bound e-mail. */
  Optional<EmulatedUser> byLogin(String login) {
    return this.users.values().stream().filter(user -> login.equals(user.username()) || login.equals(user.phone())
        || login.equalsIgnoreCase(user.email() == null ? "" : user.email())).findFirst();
  }

  Optional<EmulatedUser> byIdentity(String sub) {
    return this.users.values().stream().filter(user -> user.wechat() != null && user.wechat().sub().equals(sub)).findFirst();
  }

  /** Every user, oldest id first (seeded ones first). */
  List<EmulatedUser> all() {
    return this.users.values().stream().sorted(Comparator.comparing(EmulatedUser::id)).toList();
  }

  /** Applies {@code change} to user {@code id} unless the result would share a phone, e-mail, username or identity with another user. */
  synchronized Optional<Write> update(String id, UnaryOperator<EmulatedUser> change) {
    var user = this.users.get(id);
    if (user == null) {
      return Optional.empty();
    }
    var changed = change.apply(user);
    var conflict = conflict(changed);
    if (conflict.isPresent()) {
      return Optional.of(new Write(conflict));
    }
    this.users.put(id, changed);
    return Optional.of(Write.DONE);
  }

  /** Creates a user signed up through a provider: username {@code wx_<short>}, no password. */
  synchronized EmulatedUser create(ProviderIdentity identity) {
    var suffix = token("").substring(0, 10).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "0");
    var user = new EmulatedUser("user-" + suffix, "wx_" + suffix, identity.name(), null, null, null, EmulatedUser.ACTIVE, identity);
    put(user);
    return user;
  }

  /** Deletes the user for good; its tokens stop working. */
  synchronized boolean delete(String id) {
    var removed = this.users.remove(id) != null;
    this.grants.values().removeIf(grant -> id.equals(grant.userId()));
    return removed;
  }

  String mint(String prefix, Kind kind, String userId, Duration ttl) {
    var token = token(prefix);
    this.grants.put(token, new Grant(kind, userId, Instant.now().plus(ttl)));
    return token;
  }

  /** The user a live token of {@code kind} was minted for ({@code null} user id for admin tokens). */
  Optional<String> holder(Kind kind, String token) {
    var grant = token == null ? null : this.grants.get(token);
    if (grant == null || grant.kind() != kind || grant.expiresAt().isBefore(Instant.now())) {
      return Optional.empty();
    }
    return Optional.of(grant.userId() == null ? "" : grant.userId());
  }

  String mintProviderToken(ProviderIdentity identity) {
    var token = token("cbpt_");
    this.providerGrants.put(token, new ProviderGrant(identity, Instant.now().plus(PROVIDER_TTL), false));
    return token;
  }

  /** Registers a provider token that never expires and survives use (the seed's sandbox token). */
  void registerSandboxProviderToken(String token, ProviderIdentity identity) {
    this.providerGrants.put(token, new ProviderGrant(identity, Instant.MAX, true));
  }

  /** The identity behind a live provider token this emulator minted or knows as sandbox. */
  Optional<ProviderIdentity> providerIdentity(String token) {
    var grant = token == null ? null : this.providerGrants.get(token);
    return grant == null || grant.expiresAt().isBefore(Instant.now()) ? Optional.empty() : Optional.of(grant.identity());
  }

  /** Spends a provider token after a successful use; sandbox tokens stay. */
  void spendProviderToken(String token) {
    this.providerGrants.computeIfPresent(token, (key, grant) -> grant.reusable() ? grant : null);
  }

  private Optional<Conflict> conflict(EmulatedUser changed) {
    for (var other : this.users.values()) {
      if (other.id().equals(changed.id())) {
        continue;
      }
      if (changed.phone() != null && changed.phone().equals(other.phone())) {
        return Optional.of(Conflict.PHONE);
      }
      if (changed.email() != null && changed.email().equalsIgnoreCase(other.email() == null ? "" : other.email())) {
        return Optional.of(Conflict.EMAIL);
      }
      if (changed.username().equals(other.username())) {
        return Optional.of(Conflict.USERNAME);
      }
      if (changed.wechat() != null && other.wechat() != null && changed.wechat().sub().equals(other.wechat().sub())) {
        return Optional.of(Conflict.IDENTITY);
      }
    }
    return Optional.empty();
  }

  private void put(EmulatedUser user) {
    this.users.put(user.id(), user);
  }

  private String token(String prefix) {
    var bytes = new byte[24];
    this.random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** CloudBase's Credentials (DOC:auth-sign-in) for a new session of {@code user}. */
  JsonObject credentials(EmulatedUser user) {
    var access = mint("cbat_", Kind.ACCESS, user.id(), ACCESS_TTL);
    var refresh = mint("cbrt_", Kind.REFRESH, user.id(), REFRESH_TTL);
    return new JsonObject().put("token_type", "Bearer").put("access_token", access).put("refresh_token", refresh)
        .put("expires_in", ACCESS_TTL.toSeconds()).put("scope", "user").put("sub", user.id()).put("groups", new JsonArray());
  }
}
