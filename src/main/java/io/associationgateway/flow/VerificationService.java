package io.associationgateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.associationgateway.Caller;
import io.associationgateway.Channel;
import io.associationgateway.ContactTarget;
import io.associationgateway.Purpose;
import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.config.FlowConfig;
import io.associationgateway.state.PendingCode;
import io.associationgateway.state.PendingCodeStore;
import io.associationgateway.state.Secrets;
import io.associationgateway.upstream.email.EmailSender;
import io.associationgateway.upstream.sms.SmsSender;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Steps 2 and 3: a one-time code goes to a phone or email; proving it yields a single-use verification token. */
@ApplicationScoped
public class VerificationService {

  /** Prefix of the gateway's verification ids; any other id belongs to CloudBase. */
  public static final String ID_PREFIX = "gwv_";
  static final String TOKEN_PREFIX = "gwt_";

  private final PendingCodeStore codes;
  private final Secrets secrets;
  private final SandboxCodes sandbox;
  private final SmsSender sms;
  private final EmailSender email;
  private final FlowConfig config;

  public VerificationService(PendingCodeStore codes, Secrets secrets, SandboxCodes sandbox, Instance<SmsSender> sms,
      Instance<EmailSender> email, FlowConfig config) {
    this.codes = codes;
    this.secrets = secrets;
    this.sandbox = sandbox;
    this.sms = sms.get();
    this.email = email.get();
    this.config = config;
  }

  /**
   * Sends a code to {@code target} for the caller. A code to one of the caller's own contacts proves re-authentication
   * ({@code is_user} true); a code to any other address proves it for binding. Whether that other address belongs to
   * someone else is not looked at here, so the answer cannot be used to find out.
   */
  public Uni<SentCode> send(Caller caller, ContactTarget target, boolean currentUserOnly, String acceptLanguage) {
    var own = caller.owns(target);
    if (currentUserOnly && !own) {
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "target CUR_USER needs the account's own phone number or email"));
    }
    var verificationId = this.secrets.newToken(ID_PREFIX);
    var fixed = this.sandbox.codeFor(target);
    var code = fixed.orElseGet(() -> this.secrets.newCode(this.config.codeLength()));
    var purpose = own ? Purpose.REAUTHENTICATE : Purpose.BIND;
    var ttl = this.config.codeTtl();
    var pending = new PendingCode(this.secrets.codeMac(verificationId, code), target, caller.userId(), purpose);
    return this.codes.save(verificationId, pending, ttl)
        .chain(() -> fixed.isPresent() ? Uni.createFrom().voidItem() : deliver(target, code, acceptLanguage))
        .onFailure().call(() -> this.codes.delete(verificationId))
        .invoke(() -> Log.infof("code sent: user=%s target=%s purpose=%s sandbox=%s", caller.userId(), target.masked(), purpose, fixed.isPresent()))
        .replaceWith(new SentCode(verificationId, ttl, own));
  }

  /** Checks a code; the right one becomes a verification token, a wrong one costs one of the code's tries. */
  public Uni<IssuedToken> verify(String verificationId, String code) {
    var digits = code.strip();
    if (digits.length() != this.config.codeLength() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "verification_code must be " + this.config.codeLength() + " digits"));
    }
    var token = this.secrets.newToken(TOKEN_PREFIX);
    var ttl = this.config.verificationTokenTtl();
    var mac = this.secrets.codeMac(verificationId, digits);
    return this.codes.verify(verificationId, mac, this.config.maxCodeAttempts(), token, ttl).map(outcome -> switch (outcome.kind()) {
      case VERIFIED -> new IssuedToken(token, ttl);
      case WRONG -> throw new GatewayException(ErrorId.INVALID_VERIFICATION_CODE,
          outcome.attemptsLeft() > 0 ? "wrong verification code; " + outcome.attemptsLeft() + " attempts left" : "wrong verification code; no attempts left, request a new code");
      case EXHAUSTED -> throw new GatewayException(ErrorId.RESOURCE_EXHAUSTED, "too many wrong codes for this verification_id; request a new code");
      case MISSING -> throw new GatewayException(ErrorId.NOT_FOUND, "verification_id is unknown or expired; request a new code");
    });
  }

  private Uni<Void> deliver(ContactTarget target, String code, String acceptLanguage) {
    return target.channel() == Channel.PHONE
        ? this.sms.sendCode(target, code, this.config.codeTtl())
        : this.email.sendCode(target, code, this.config.codeTtl(), acceptLanguage);
  }
}
