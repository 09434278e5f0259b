package io.associationgateway.flow;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.Caller;
import io.associationgateway.RequestInfo;
import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.config.FlowConfig;
import io.associationgateway.state.Secrets;
import io.associationgateway.state.SudoGrantStore;
import io.associationgateway.state.TokenCheck;
import io.associationgateway.state.VerificationTokenStore;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.smallrye.mutiny.Uni;

/** Step 1: re-authentication buys a short-lived sudo grant, bound to the caller. */
@ApplicationScoped
public class SudoService {

  static final String TOKEN_PREFIX = "gws_";

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
        .onFailure(GatewayException.class).invoke(refused ->
            this.audit.record("sudo", "refused_" + ((GatewayException) refused).id().error(), caller.userId(), null, request))
        .chain(() -> issue(caller, "password", request));
  }

  /** A verification token that proved one of the caller's own contacts is spent for a grant. */
  public Uni<IssuedToken> grantByVerification(Caller caller, String verificationToken, RequestInfo request) {
    return this.verificationTokens.takeForSudo(verificationToken, caller).chain(check -> {
      if (check != TokenCheck.OK) {
        this.audit.record("sudo", "refused_" + check.name().toLowerCase(java.util.Locale.ROOT), caller.userId(), null, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, describe(check)));
      }
      return issue(caller, "verification", request);
    });
  }

  private Uni<IssuedToken> issue(Caller caller, String method, RequestInfo request) {
    var token = this.secrets.newToken(TOKEN_PREFIX);
    var ttl = this.config.sudoTtl();
    return this.grants.save(token, caller.userId(), ttl)
        .invoke(() -> this.audit.record("sudo", "granted_by_" + method, caller.userId(), null, request))
        .replaceWith(new IssuedToken(token, ttl));
  }

  private static String describe(TokenCheck check) {
    return switch (check) {
      case PURPOSE_MISMATCH, TARGET_MISMATCH -> "verification_token does not prove a phone number or email of this account";
      default -> "verification_token is invalid, expired or already used";
    };
  }
}
