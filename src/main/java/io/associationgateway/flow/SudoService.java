package io.associationgateway.flow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;
import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.state.Secrets;
import io.associationgateway.state.SudoGrantStore;
import io.associationgateway.state.TokenCheck;
import io.associationgateway.state.VerificationTokenStore;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.smallrye.mutiny.Uni;

/**
 * Step 1: re-authentication buys a short-lived sudo grant, bound to the caller. A grant bought with the password also
 * keeps CloudBase's own sudo token, sealed under the gateway's token, so the same {@code sudo_token} works for
 * CloudBase's own sudo-guarded calls that pass through ({@link #cloudBaseToken}).
 */
@Singleton
public class SudoService {

  /** What every gateway sudo token starts with. */
  public static final String TOKEN_PREFIX = "gws_";

  private final CloudBaseClient cloudBase;
  private final SudoGrantStore grants;
  private final VerificationTokenStore verificationTokens;
  private final Secrets secrets;
  private final Audit audit;
  private final FlowConfig config;
  private final PasswordGuessBudget passwordGuesses;

  public SudoService(CloudBaseClient cloudBase, SudoGrantStore grants, VerificationTokenStore verificationTokens, Secrets secrets,
      Audit audit, FlowConfig config, PasswordGuessBudget passwordGuesses) {
    this.passwordGuesses = passwordGuesses;
    this.cloudBase = cloudBase;
    this.grants = grants;
    this.verificationTokens = verificationTokens;
    this.secrets = secrets;
    this.audit = audit;
    this.config = config;
  }

  /** CloudBase checks the password with the caller's own access token; the gateway then issues its grant. */
  public Uni<IssuedToken> grantByPassword(Caller caller, String accessToken, String password, RequestInfo request) {
    // the user's and the client IP's budgets of wrong passwords are checked first (PasswordGuessBudget)
    return this.passwordGuesses.guard(caller.userId(), request.clientIp(), () -> this.cloudBase.checkPassword(accessToken, password))
        .onFailure(GatewayException.class)
        .invoke(refused -> this.audit.record(AuditEvent.SUDO, AuditOutcome.refused(((GatewayException) refused).id().error()),
            caller.userId(), null,
            request))
        .chain(cloudBaseSudo -> issue(caller, "password", cloudBaseSudo, request));
  }

  /** A verification token that proved one of the caller's own contacts is spent for a grant. */
  public Uni<IssuedToken> grantByVerification(Caller caller, String verificationToken, RequestInfo request) {
    return this.verificationTokens.takeForSudo(verificationToken, caller).chain(check -> {
      if (check != TokenCheck.OK) {
        this.audit.record(AuditEvent.SUDO, AuditOutcome.refused(check), caller.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, describe(check)));
      }
      return issue(caller, "verification", null, request);
    });
  }

  /**
   * CloudBase's own sudo token behind a gateway {@code sudo_token}, for a request that passes through to CloudBase.
   * Refused ({@code invalid_grant}, CloudBase not called) when the grant is unknown or expired, or was bought with a
   * verification token and so has no CloudBase counterpart.
   */
  public Uni<String> cloudBaseToken(String sudoToken) {
    return this.grants.find(sudoToken).map(grant -> {
      if (grant == null) {
        throw new GatewayException(ErrorId.INVALID_GRANT, "sudo_token is invalid or expired; re-authenticate with POST /auth/v1/user/sudo");
      }
      if (grant.sealedCloudBaseToken() == null) {
        throw new GatewayException(ErrorId.INVALID_GRANT,
            "this sudo_token was obtained with a verification code and works only for binding "
                + "through the gateway; for this CloudBase call re-authenticate with the password (POST /auth/v1/user/sudo {password})");
      }
      return new String(this.secrets.open(sealLabel(sudoToken), grant.sealedCloudBaseToken()), StandardCharsets.UTF_8);
    });
  }

  private Uni<IssuedToken> issue(Caller caller, String method, CloudBaseClient.CloudBaseSudo cloudBaseSudo, RequestInfo request) {
    var token = this.secrets.newToken(TOKEN_PREFIX);
    var ttl = lifetime(cloudBaseSudo);
    var sealed = cloudBaseSudo == null ? null : this.secrets.seal(sealLabel(token), cloudBaseSudo.token().getBytes(StandardCharsets.UTF_8));
    return this.grants.save(token, caller.userId(), sealed, ttl)
        .invoke(() -> this.audit.record(AuditEvent.SUDO, AuditOutcome.grantedBy(method), caller.userId(), null, request))
        .replaceWith(new IssuedToken(token, ttl));
  }

  /** The configured lifetime, or CloudBase's when its own token dies sooner (the two are used together). */
  private Duration lifetime(CloudBaseClient.CloudBaseSudo cloudBaseSudo) {
    var ttl = this.config.sudoTtl();
    return cloudBaseSudo != null && cloudBaseSudo.expiresIn().compareTo(ttl) < 0 ? cloudBaseSudo.expiresIn() : ttl;
  }

  private static String sealLabel(String sudoToken) {
    return "sudo\n" + sudoToken;
  }

  private static String describe(TokenCheck check) {
    return switch (check) {
      case PURPOSE_MISMATCH, TARGET_MISMATCH -> "verification_token does not prove a phone number or email of this account";
      default -> "verification_token is invalid, expired or already used";
    };
  }
}
