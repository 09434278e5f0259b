package io.associationgateway.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.associationgateway.config.PolicyConfig;
import io.associationgateway.config.ProviderConfig;
import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.associationgateway.state.PendingCodeStore;
import io.associationgateway.state.ProviderLinkStore;
import io.associationgateway.state.Secrets;
import io.associationgateway.state.SudoGrantStore;
import io.associationgateway.upstream.cloudbase.CloudBaseAssumptions;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.associationgateway.upstream.cloudbase.ForwardedResponse;
import io.associationgateway.upstream.cloudbase.RelayedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Linking WeChat (or any provider CloudBase offers) is CloudBase's own flow, relayed: CloudBase exchanges the OAuth code
 * with the AppId/AppSecret configured in its console ({@code POST /auth/v1/provider/token}) and records the link
 * ({@code POST /auth/v1/user/provider/bind}), so CloudBase's own provider sign-in finds it. Around the relay the
 * gateway adds the client-IP limit on the unauthenticated steps, audit events (and so webhooks), a clear
 * {@code 409 already_exists} when the identity is another account's, and the last-method guard on unlink.
 *
 * <p>Linking rounds are the gateway's: {@code provider/uri} takes a {@code redirect_uri} from
 * {@code gateway.provider.redirect-uris} only, and the OAuth {@code state} CloudBase puts into the authorize URL is
 * minted here, single use, and recorded for the user (signed in) or else the device that asked. {@code provider/token}
 * with that {@code state} must come from the same user or device and name the same redirect URI; the provider token
 * it yields is recorded for that owner, and {@code user/provider/bind} accepts only a provider token recorded for the
 * caller (or for the device the bind comes from). So an attacker's code and state delivered to a victim's browser,
 * or an attacker's provider token bound with a victim's access token, are refused.</p>
 */
@Singleton
public class ProviderService {

  /** What every OAuth state the gateway mints starts with. */
  public static final String STATE_PREFIX = "gwst_";

  private final CloudBaseClient cloudBase;
  private final PendingCodeStore limits;
  private final Audit audit;
  private final ProviderLinkStore links;
  private final Secrets secrets;
  private final ProviderConfig config;
  private final Set<String> redirectUris;
  private final Set<String> sandboxTokens;
  private final SudoGrantStore grants;
  private final boolean requiresSudo;

  public ProviderService(CloudBaseClient cloudBase, PendingCodeStore limits, Audit audit, ProviderLinkStore links, Secrets secrets,
      ProviderConfig config, SudoGrantStore grants, PolicyConfig policy) {
    this.grants = grants;
    this.requiresSudo = policy.providerLinkRequiresSudo();
    this.cloudBase = cloudBase;
    this.limits = limits;
    this.audit = audit;
    this.links = links;
    this.secrets = secrets;
    this.config = config;
    this.redirectUris = Set.copyOf(config.redirectUris().orElse(List.of()));
    this.sandboxTokens = Set.copyOf(config.sandboxTokens().orElse(List.of()));
  }

  /** Whether a linking round may send the browser back to this URI ({@code gateway.provider.redirect-uris}). */
  public boolean redirectAllowed(String redirectUri) {
    if (redirectUri == null) {
      return false;
    }
    var anyPort = LoopbackRedirect.withoutPort(redirectUri);
    return this.redirectUris.contains(redirectUri) || anyPort != null && this.redirectUris.contains(anyPort);
  }

  /**
   * {@code GET /auth/v1/provider/uri}: the client IP's bucket, then a fresh state recorded for {@code owner} with the
   * redirect URI, then CloudBase's answer to the request {@code withState} builds around that state.
   */
  public Uni<ForwardedResponse> authorizeUri(String owner, String deviceId, String redirectUri, Function<String, RelayedRequest> withState,
      RequestInfo request) {
    return ipCheck(AuditEvent.PROVIDER_URI, request).chain(() -> {
      var state = this.secrets.newToken(STATE_PREFIX);
      return this.links.saveState(state, new ProviderLinkStore.Round(owner, deviceId, redirectUri), this.config.stateTtl())
          .chain(() -> this.cloudBase.relay(withState.apply(state)))
          .invoke(answer -> this.audit.record(AuditEvent.PROVIDER_URI, outcome(answer, errorName(answer), AuditOutcome.GRANTED),
              userOf(owner), null,
              request));
    });
  }

  /**
   * {@code POST /auth/v1/provider/token}. With a {@code state}: it must be one this gateway minted, unused, for
   * {@code redirectUri}, and {@code owners} (the caller's user and device) must hold the round's owner or its device;
   * the provider token CloudBase gives is then recorded for the round's owner. Without one, CloudBase's token is relayed but cannot be bound here.
   */
  public Uni<ForwardedResponse> grantToken(Set<String> owners, String state, String redirectUri, RelayedRequest relayed,
      RequestInfo request) {
    return ipCheck(AuditEvent.PROVIDER_GRANT, request).chain(() -> exchange(owners, state, redirectUri, relayed, request));
  }

  /**
   * {@code POST /auth/v1/provider/token} without a {@code state}, as the official SDK's {@code grantProviderToken} sends
   * it: the round is the latest one started on {@code deviceId} ({@code x-device-id}, which the SDK sends on every
   * call), checked like a state. With no device or no open round, CloudBase's token is relayed but cannot be bound here.
   */
  public Uni<ForwardedResponse> grantTokenOfDevice(Set<String> owners, String deviceId, String redirectUri, RelayedRequest relayed,
      RequestInfo request) {
    return ipCheck(AuditEvent.PROVIDER_GRANT, request)
        .chain(() -> deviceId == null ? Uni.createFrom().nullItem() : this.links.takeDeviceState(deviceId))
        .chain(state -> state == null ? Uni.createFrom().nullItem() : this.links.takeState(state))
        .chain(round -> exchangeIn(round, owners, redirectUri, relayed, request));
  }

  private Uni<ForwardedResponse> exchange(Set<String> owners, String state, String redirectUri, RelayedRequest relayed,
      RequestInfo request) {
    if (state == null) {
      return exchangeIn(null, owners, redirectUri, relayed, request);
    }
    return this.links.takeState(state).chain(round -> checked(round, owners, redirectUri, relayed, request));
  }

  /**
   * The exchange within {@code round}: refused unless the caller is the round's user or device and the redirect URI is
   * the round's; then CloudBase's provider token is recorded for the round's owner, which makes it bindable by them.
   */
  private Uni<ForwardedResponse> checked(ProviderLinkStore.Round round, Set<String> owners, String redirectUri, RelayedRequest relayed,
      RequestInfo request) {
    // the round's user, or the device it was started on (an SDK may exchange the code without the bearer token)
    var sameCaller = round != null && (owners.contains(round.owner()) || owners.contains("d:" + round.deviceId()));
    if (!sameCaller || !round.redirectUri().equals(redirectUri)) {
      this.audit.record(AuditEvent.PROVIDER_GRANT, AuditOutcome.REFUSED_STATE, null, null, request);
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT,
          "state is unknown, used, expired, or was issued to another user, device or redirect_uri; start the round again with provider/uri"));
    }
    return this.cloudBase.relay(relayed).call(answer -> {
      var token = providerToken(answer);
      if (token == null) {
        return Uni.createFrom().voidItem();
      }
      return this.links.recordToken(token, round.owner(), Duration.ofSeconds(Math.max(60, Math.min(expiresIn(answer), 86_400))));
    }).invoke(answer -> this.audit.record(AuditEvent.PROVIDER_GRANT, outcome(answer, errorName(answer), AuditOutcome.GRANTED),
        userOf(round.owner()),
        null, request));
  }

  /** Without a round (no state, no open round of the device): CloudBase's token is relayed but not recorded, so not bindable. */
  private Uni<ForwardedResponse> exchangeIn(ProviderLinkStore.Round round, Set<String> owners, String redirectUri, RelayedRequest relayed,
      RequestInfo request) {
    if (round == null) {
      return this.cloudBase.relay(relayed).invoke(
          answer -> this.audit.record(AuditEvent.PROVIDER_GRANT, outcome(answer, errorName(answer), AuditOutcome.GRANTED), null, null,
              request));
    }
    return checked(round, owners, redirectUri, relayed, request);
  }

  /** A {@code redirect_uri} not on the allow-list: the IP bucket counts it, then {@code 400}; nothing is stored. */
  public Uni<ForwardedResponse> refuseRedirect(RequestInfo request) {
    return ipCheck(AuditEvent.PROVIDER_URI, request).chain(() -> {
      this.audit.record(AuditEvent.PROVIDER_URI, AuditOutcome.REFUSED_REDIRECT_URI, null, null, request);
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT,
          "redirect_uri is not one of this gateway's allowed redirect URIs (gateway.provider.redirect-uris)"));
    });
  }

  private Uni<Void> ipCheck(AuditEvent step, RequestInfo request) {
    return this.limits.takeIpCheck(request.clientIp()).chain(wait -> {
      if (wait > 0) {
        this.audit.record(step, AuditOutcome.REFUSED_IP_CAP, null, null, request);
        var refusal = Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, wait);
        var seconds = refusal.retryAfterSeconds();
        return Uni.createFrom().failure(new GatewayException(ErrorId.RESOURCE_EXHAUSTED,
            "too many attempts from this client; try again in " + seconds + (seconds == 1 ? " second" : " seconds"), refusal));
      }
      return Uni.createFrom().voidItem();
    });
  }

  private static String userOf(String owner) {
    return owner != null && owner.startsWith("u:") ? owner.substring(2) : null;
  }

  private static String providerToken(ForwardedResponse answer) {
    if (answer.status() >= 300) {
      return null;
    }
    try {
      var token = new JsonObject(new String(answer.body(), StandardCharsets.UTF_8)).getValue("provider_token");
      return token instanceof String text && !text.isEmpty() ? text : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static long expiresIn(ForwardedResponse answer) {
    try {
      var seconds = new JsonObject(new String(answer.body(), StandardCharsets.UTF_8)).getValue("expires_in");
      return seconds instanceof Number number ? number.longValue() : 3600;
    } catch (RuntimeException notJson) {
      return 3600;
    }
  }

  /**
   * {@code POST /auth/v1/user/provider/bind} with the caller's own token. CloudBase saying the identity is another
   * user's becomes {@code 409 already_exists}; any other answer comes back as CloudBase gave it.
   */
  public Uni<ForwardedResponse> bind(Caller caller, String deviceId, String providerToken, String sudoToken, RelayedRequest relayed,
      RequestInfo request) {
    return requireSudo(caller.userId(), sudoToken, AuditEvent.PROVIDER_LINK, request)
        .chain(() -> bindOwnRound(caller, deviceId, providerToken, relayed, request));
  }

  /**
   * With {@code gateway.policy.provider-link-requires-sudo}: the caller's own live sudo grant, or {@code 403} (none)
   * / {@code 400 invalid_grant} (unknown, expired or another user's).
   */
  private Uni<Void> requireSudo(String userId, String sudoToken, AuditEvent step, RequestInfo request) {
    if (!this.requiresSudo) {
      return Uni.createFrom().voidItem();
    }
    if (sudoToken == null || sudoToken.isBlank()) {
      this.audit.record(step, AuditOutcome.REFUSED_NO_SUDO, userId, null, request);
      return Uni.createFrom().failure(new GatewayException(ErrorId.PERMISSION_DENIED,
          "linking or unlinking a provider needs a sudo grant: POST /auth/v1/user/sudo, then pass its sudo_token"));
    }
    return this.grants.owner(sudoToken).chain(owner -> {
      if (!userId.equals(owner)) {
        this.audit.record(step, AuditOutcome.REFUSED_SUDO_INVALID, userId, null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT,
            "sudo_token is invalid or expired; re-authenticate with POST /auth/v1/user/sudo"));
      }
      return Uni.createFrom().voidItem();
    });
  }

  private Uni<ForwardedResponse> bindOwnRound(Caller caller, String deviceId, String providerToken, RelayedRequest relayed,
      RequestInfo request) {
    var check = this.sandboxTokens.contains(providerToken)
        ? Uni.createFrom().item(Boolean.TRUE)
        : this.links.tokenOwner(providerToken).map(owner -> owner != null
            && (owner.equals("u:" + caller.userId()) || (deviceId != null && owner.equals("d:" + deviceId))));
    return check.chain(mine -> {
      if (!mine) {
        this.audit.record(AuditEvent.PROVIDER_LINK, AuditOutcome.REFUSED_FOREIGN_ROUND, caller.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.PERMISSION_DENIED,
            "this provider token was not obtained in a linking round this user or device started (provider/uri, then provider/token with its state)"));
      }
      return relayBind(caller, relayed, request);
    });
  }

  private Uni<ForwardedResponse> relayBind(Caller caller, RelayedRequest relayed, RequestInfo request) {
    return this.cloudBase.relay(relayed).map(answer -> {
      var error = errorName(answer);
      if (error != null && CloudBaseAssumptions.providerBoundElsewhere(error)) {
        CloudBaseAssumptions.logRecognised("a provider identity bound to another user", new String(answer.body(), StandardCharsets.UTF_8));
        this.audit.record(AuditEvent.PROVIDER_LINK, AuditOutcome.REFUSED_LINKED_TO_ANOTHER_USER, caller.userId(), null, request);
        throw new GatewayException(ErrorId.ALREADY_EXISTS,
            "this WeChat account is already linked to another account; sign in with it there and unlink it first");
      }
      this.audit.record(AuditEvent.PROVIDER_LINK, outcome(answer, error, AuditOutcome.LINKED), caller.userId(), null, request);
      return answer;
    });
  }

  /**
   * {@code DELETE /auth/v1/user/provider/{provider_id}}: refused with {@code failed_precondition} when the provider is
   * linked and is the account's last way to sign in (no password, phone, email or other provider), judged from
   * CloudBase's own user and provider data; else CloudBase's answer as it came.
   */
  public Uni<ForwardedResponse> unbind(String accessToken, String providerId, String sudoToken, RelayedRequest relayed,
      RequestInfo request) {
    return this.cloudBase.findProfile(accessToken)
        .call(profile -> requireSudo(profile.userId(), sudoToken, AuditEvent.PROVIDER_UNLINK, request)).chain(profile -> {
          if (profile.linkedProviders().contains(providerId) && profile.signInMethodsWithout(providerId) == 0) {
            this.audit.record(AuditEvent.PROVIDER_UNLINK, AuditOutcome.REFUSED_LAST_METHOD, profile.userId(), null, request);
            return Uni.createFrom().failure(new GatewayException(ErrorId.FAILED_PRECONDITION,
                "this is the account's last way to sign in; add a password, phone number or email first"));
          }
          return this.cloudBase.relay(relayed).invoke(answer -> this.audit.record(AuditEvent.PROVIDER_UNLINK,
              outcome(answer, errorName(answer), AuditOutcome.UNLINKED), profile.userId(), null, request));
        });
  }

  private static AuditOutcome outcome(ForwardedResponse answer, String error, AuditOutcome success) {
    return error == null && answer.status() < 400 ? success : AuditOutcome.refused(error == null ? "http_" + answer.status() : error);
  }

  /** The {@code error} of a CloudBase answer (any status: the SDK treats an {@code error} field as failure), or {@code null}. */
  private static String errorName(ForwardedResponse answer) {
    try {
      var body = new JsonObject(new String(answer.body(), StandardCharsets.UTF_8));
      var error = body.getString("error");
      return error == null || error.isEmpty() ? null : error;
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
