package io.associationgateway.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.Caller;
import io.associationgateway.ProviderIdentity;
import io.associationgateway.RequestInfo;
import io.associationgateway.UserProfile;
import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.config.WeChatConfig;
import io.associationgateway.state.OAuthStateStore;
import io.associationgateway.state.ProviderTokenStore;
import io.associationgateway.state.Secrets;
import io.associationgateway.upstream.CircuitOpenException;
import io.associationgateway.upstream.UpstreamFaultException;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.associationgateway.upstream.cloudbase.UserDirectory;
import io.associationgateway.upstream.wechat.WeChatClient;
import io.smallrye.mutiny.Uni;

/**
 * Linking WeChat: authorize URL with a single-use {@code state}, code exchange into a single-use provider token, bind
 * to the caller (by {@code unionid} when WeChat gives one, so every app of one Open Platform account lands on one
 * link), list, and unlink unless it is the last way to sign in.
 */
@ApplicationScoped
public class ProviderService {

  public static final String TOKEN_PREFIX = "gwp_";
  private static final java.time.Duration NO_STATE = java.time.Duration.ZERO;

  private final WeChatConfig config;
  private final WeChatClient wechat;
  private final OAuthStateStore states;
  private final ProviderTokenStore tokens;
  private final UserDirectory directory;
  private final CloudBaseClient cloudBase;
  private final Secrets secrets;
  private final Audit audit;
  private final Map<String, String> sandboxTokens = new HashMap<>();

  public ProviderService(WeChatConfig config, WeChatClient wechat, OAuthStateStore states, ProviderTokenStore tokens, UserDirectory directory,
      CloudBaseClient cloudBase, Secrets secrets, Audit audit) {
    this.config = config;
    this.wechat = wechat;
    this.states = states;
    this.tokens = tokens;
    this.directory = directory;
    this.cloudBase = cloudBase;
    this.secrets = secrets;
    this.audit = audit;
    for (var entry : config.sandboxProviderTokens().orElse(List.of())) {
      var separator = entry.indexOf('=');
      if (separator <= 0) {
        throw new IllegalStateException("gateway.wechat.sandbox-provider-tokens entries look like 'token=code'");
      }
      this.sandboxTokens.put(entry.substring(0, separator).strip(), entry.substring(separator + 1).strip());
    }
  }

  /** True when the gateway links this provider itself (a configured WeChat app); else it is CloudBase's. */
  public boolean handles(String providerId) {
    return providerId != null && this.config.apps().containsKey(providerId);
  }

  /** True when the gateway issued this provider token (or it is a sandbox token). */
  public boolean issued(String providerToken) {
    return providerToken.startsWith(TOKEN_PREFIX) || this.sandboxTokens.containsKey(providerToken);
  }

  /** The WeChat authorize URL for the app; {@code state} is kept for one use. */
  public Uni<String> authorizeUri(String providerId, String redirectUri, String state, String scope) {
    var app = this.config.apps().get(providerId);
    var mp = app.kind() == WeChatConfig.Kind.mp;
    var wantedScope = scope != null && !scope.isBlank() ? scope : app.scope().orElse(mp ? "snsapi_userinfo" : "snsapi_login");
    var uri = CloudBaseClient.origin(this.config.openUrl()) + (mp ? "/connect/oauth2/authorize" : "/connect/qrconnect")
        + "?appid=" + encode(app.appId()) + "&redirect_uri=" + encode(redirectUri) + "&response_type=code&scope=" + encode(wantedScope)
        + "&state=" + encode(state) + "#wechat_redirect";
    return this.states.save(state, providerId, redirectUri, this.config.stateTtl()).replaceWith(uri);
  }

  /**
   * Exchanges a WeChat code; the identity is kept under a new single-use provider token. When WeChat fails (unreachable,
   * slow, 5xx, garbled, breaker open) the {@code state} is put back, so the client can send the same callback again.
   */
  public Uni<IssuedProviderToken> grant(String providerId, String code, String redirectUri, String state, RequestInfo request) {
    var check = state == null ? Uni.createFrom().item(NO_STATE) : this.states.take(state, providerId, redirectUri);
    return check.chain(remaining -> {
      if (remaining == null) {
        this.audit.record("provider.grant", "refused_state", null, null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, "state is unknown, expired, used, or for another provider or redirect URI"));
      }
      return identify(providerId, code).onFailure(ProviderService::notWeChatsAnswer)
          .call(() -> state == null ? Uni.createFrom().voidItem() : this.states.restore(state, providerId, redirectUri, remaining));
    }).chain(identity -> {
      var token = this.secrets.newToken(TOKEN_PREFIX);
      var ttl = this.config.providerTokenTtl();
      return this.tokens.save(token, identity, ttl)
          .invoke(() -> this.audit.record("provider.grant", "granted", null, null, request))
          .replaceWith(new IssuedProviderToken(token, ttl, identity));
    });
  }

  /** A provider token and the identity it stands for. */
  public record IssuedProviderToken(String token, java.time.Duration ttl, ProviderIdentity identity) {
  }

  /**
   * Links the identity behind {@code providerToken} to the caller. Already the caller's: success, and a new app's
   * openid is recorded on the link. Another user's: {@code already_exists} and nothing changes (the token stays usable).
   */
  public Uni<Void> bind(Caller caller, String providerToken, RequestInfo request) {
    var sandboxCode = this.sandboxTokens.get(providerToken);
    if (sandboxCode != null) {
      var providerId = this.config.apps().containsKey("wx_open") ? "wx_open" : this.config.apps().keySet().stream().sorted().findFirst().orElseThrow();
      return identify(providerId, sandboxCode)
          .chain(identity -> link(caller, identity, request));
    }
    return this.tokens.take(providerToken).chain(taken -> {
      if (taken == null) {
        this.audit.record("provider.link", "refused_token", caller.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, "provider_token is invalid, expired or already used"));
      }
      return link(caller, taken.identity(), request).onFailure().call(() -> this.tokens.restore(providerToken, taken));
    });
  }

  private Uni<Void> link(Caller caller, ProviderIdentity identity, RequestInfo request) {
    return this.directory.findProviderOwner(identity.key()).chain(owner -> {
      if (owner.isPresent() && !owner.get().equals(caller.userId())) {
        this.audit.record("provider.link", "refused_linked_to_another_user", caller.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.ALREADY_EXISTS, "this WeChat account is already linked to another account"));
      }
      return this.directory.linkProvider(caller.userId(), identity)
          .invoke(() -> this.audit.record("provider.link", owner.isPresent() ? "relinked" : "linked", caller.userId(), null, request));
    });
  }

  /** The caller's linked providers. */
  public Uni<UserProfile> profile(String accessToken) {
    return this.cloudBase.findProfile(accessToken);
  }

  /** Unlinks a provider, unless the user would have no way left to sign in. */
  public Uni<Void> unbind(String accessToken, String providerId, RequestInfo request) {
    return this.cloudBase.findProfile(accessToken).chain(profile -> {
      Optional<UserProfile.LinkedProvider> link = profile.providers().stream().filter(provider -> provider.id().equals(providerId)).findFirst();
      if (link.isEmpty()) {
        return Uni.createFrom().failure(new GatewayException(ErrorId.PROVIDER_NOT_FOUND, "no " + providerId + " link on this account"));
      }
      if (profile.signInMethodsWithout(providerId) == 0) {
        this.audit.record("provider.unlink", "refused_last_method", profile.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.FAILED_PRECONDITION,
            "this is the account's last way to sign in; add a password, phone number or email first"));
      }
      return this.directory.unlinkProvider(profile.userId(), providerId)
          .invoke(() -> this.audit.record("provider.unlink", "unlinked", profile.userId(), null, request));
    });
  }

  private Uni<ProviderIdentity> identify(String providerId, String code) {
    var app = this.config.apps().get(providerId);
    return this.wechat.exchangeCode(app, code).chain(grant -> {
      var withProfile = grant.scope().contains("snsapi_userinfo") || grant.scope().contains("snsapi_login");
      Uni<WeChatClient.Profile> profile = withProfile
          ? this.wechat.userInfo(grant.accessToken(), grant.openid())
          : Uni.createFrom().item(new WeChatClient.Profile(null, null, null));
      return profile.map(info -> new ProviderIdentity(providerId, app.appId(), grant.openid(),
          grant.unionid() != null ? grant.unionid() : info.unionid(), info.nickname(), info.avatar()));
    });
  }

  /** The exchange failed on our side of WeChat's answer: WeChat never ruled on the code, so the state is still good. */
  private static boolean notWeChatsAnswer(Throwable failure) {
    return failure instanceof UpstreamFaultException || failure instanceof CircuitOpenException;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
