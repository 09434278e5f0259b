package io.associationgateway.flow;

import io.associationgateway.domain.AuditEvent;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.domain.Caller;
import io.associationgateway.failure.Refusal;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.state.PendingCodeStore;
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
 */
@ApplicationScoped
public class ProviderService {

  private final CloudBaseClient cloudBase;
  private final PendingCodeStore limits;
  private final Audit audit;

  public ProviderService(CloudBaseClient cloudBase, PendingCodeStore limits, Audit audit) {
    this.cloudBase = cloudBase;
    this.limits = limits;
    this.audit = audit;
  }

  /**
   * {@code GET /auth/v1/provider/uri} and {@code POST /auth/v1/provider/token}: the client IP's check bucket first
   * ({@code 429 ip/cap}), then CloudBase's answer as it came.
   */
  public Uni<ForwardedResponse> relayUnauthenticated(AuditEvent step, RelayedRequest relayed, RequestInfo request) {
    return this.limits.takeIpCheck(request.clientIp()).chain(wait -> {
      if (wait > 0) {
        this.audit.record(step, "refused_ip_cap", null, null, request);
        var refusal = Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, wait);
        var seconds = refusal.retryAfterSeconds();
        return Uni.createFrom().failure(new GatewayException(ErrorId.RESOURCE_EXHAUSTED,
            "too many attempts from this client; try again in " + seconds + (seconds == 1 ? " second" : " seconds"), refusal));
      }
      return this.cloudBase.relay(relayed).invoke(answer -> this.audit.record(step, outcome(answer, errorName(answer), "granted"), null, null, request));
    });
  }

  /**
   * {@code POST /auth/v1/user/provider/bind} with the caller's own token. CloudBase saying the identity is another
   * user's becomes {@code 409 already_exists}; any other answer comes back as CloudBase gave it.
   */
  public Uni<ForwardedResponse> bind(Caller caller, RelayedRequest relayed, RequestInfo request) {
    return this.cloudBase.relay(relayed).map(answer -> {
      var error = errorName(answer);
      if (error != null && CloudBaseAssumptions.providerBoundElsewhere(error)) {
        CloudBaseAssumptions.logRecognised("a provider identity bound to another user", new String(answer.body(), StandardCharsets.UTF_8));
        this.audit.record(AuditEvent.PROVIDER_LINK, "refused_linked_to_another_user", caller.userId(), null, request);
        throw new GatewayException(ErrorId.ALREADY_EXISTS,
            "this WeChat account is already linked to another account; sign in with it there and unlink it first");
      }
      this.audit.record(AuditEvent.PROVIDER_LINK, outcome(answer, error, "linked"), caller.userId(), null, request);
      return answer;
    });
  }

  /**
   * {@code DELETE /auth/v1/user/provider/{provider_id}}: refused with {@code failed_precondition} when the provider is
   * linked and is the account's last way to sign in (no password, phone, email or other provider), judged from
   * CloudBase's own user and provider data; else CloudBase's answer as it came.
   */
  public Uni<ForwardedResponse> unbind(String accessToken, String providerId, RelayedRequest relayed, RequestInfo request) {
    return this.cloudBase.findProfile(accessToken).chain(profile -> {
      if (profile.linkedProviders().contains(providerId) && profile.signInMethodsWithout(providerId) == 0) {
        this.audit.record(AuditEvent.PROVIDER_UNLINK, "refused_last_method", profile.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.FAILED_PRECONDITION,
            "this is the account's last way to sign in; add a password, phone number or email first"));
      }
      return this.cloudBase.relay(relayed).invoke(answer -> this.audit.record(AuditEvent.PROVIDER_UNLINK, outcome(answer, errorName(answer), "unlinked"), profile.userId(), null, request));
    });
  }

  private static String outcome(ForwardedResponse answer, String error, String success) {
    return error == null && answer.status() < 400 ? success : "refused_" + (error == null ? "http_" + answer.status() : error);
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
