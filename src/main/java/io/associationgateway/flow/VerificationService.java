package io.associationgateway.flow;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;
import io.associationgateway.config.PolicyConfig;
import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Purpose;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.associationgateway.state.PendingCode;
import io.associationgateway.state.PendingCodeStore;
import io.associationgateway.state.RedisKeys;
import io.associationgateway.state.Secrets;
import io.associationgateway.state.VerifyOutcome;
import io.associationgateway.upstream.cloudbase.UserDirectory;
import io.associationgateway.upstream.email.EmailSender;
import io.associationgateway.upstream.sms.SmsSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Steps 2 and 3: a one-time code goes to a phone or email; proving it yields a single-use verification token. */
@Singleton
public class VerificationService {

  /** Prefix of the gateway's verification ids; any other id belongs to CloudBase. */
  public static final String ID_PREFIX = RedisKeys.VERIFICATION_ID_PREFIX;

  private final PendingCodeStore codes;
  private final Secrets secrets;
  private final SandboxCodes sandbox;
  private final ContactNormalizer normalizer;
  private final SmsSender sms;
  private final EmailSender email;
  private final Audit audit;
  private final MeterRegistry meters;
  private final FlowConfig config;
  private final Set<String> smsCountries = new HashSet<>();
  private final UserDirectory directory;

  public VerificationService(PendingCodeStore codes, Secrets secrets, SandboxCodes sandbox, ContactNormalizer normalizer,
      Instance<SmsSender> sms, Instance<EmailSender> email, Audit audit, MeterRegistry meters, FlowConfig config, PolicyConfig policy,
      UserDirectory directory) {
    this.codes = codes;
    this.directory = directory;
    this.secrets = secrets;
    this.sandbox = sandbox;
    this.normalizer = normalizer;
    this.sms = sms.get();
    this.email = email.get();
    this.audit = audit;
    this.meters = meters;
    this.config = config;
    policy.smsCountries().forEach(region -> this.smsCountries.add(region.strip().toUpperCase(Locale.ROOT)));
    policy.smsExtraCountries().orElse(List.of()).forEach(region -> this.smsCountries.add(region.strip().toUpperCase(Locale.ROOT)));
  }

  /**
   * Sends a code to {@code target} for the caller, if every send limit allows it. A code to one of the caller's own
   * contacts proves re-authentication ({@code is_user} true); a code to any other address proves it for binding.
   * Whether that other address belongs to someone else is not looked at here, so the answer cannot tell.
   */
  public Uni<SentCode> send(Caller caller, ContactTarget target, boolean currentUserOnly, RequestInfo request) {
    var own = caller.owns(target);
    if (currentUserOnly && !own) {
      return Uni.createFrom()
          .failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "target CUR_USER needs the account's own phone number or email"));
    }
    if (target.channel() == Channel.PHONE && !this.smsCountries.contains(this.normalizer.region(target))) {
      this.audit.record(AuditEvent.CODE_SEND, AuditOutcome.REFUSED_COUNTRY, caller.userId(), target, request);
      smsCounted(target, "country");
      return Uni.createFrom()
          .failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "SMS to numbers of this country or region is not enabled"));
    }
    var unstorable = own ? Optional.<String>empty() : this.directory.cannotStore(target);
    if (unstorable.isPresent()) {
      this.audit.record(AuditEvent.CODE_SEND, AuditOutcome.REFUSED_DIRECTORY, caller.userId(), target, request);
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT, unstorable.get()));
    }
    var verificationId = this.secrets.newToken(ID_PREFIX + RedisKeys.bucket(target));
    var fixed = this.sandbox.codeFor(target);
    var code = fixed.orElseGet(() -> this.secrets.newCode(this.config.codeLength()));
    var purpose = own ? Purpose.REAUTHENTICATE : Purpose.BIND;
    var pending = new PendingCode(this.secrets.codeMac(verificationId, code), target, caller.userId(), purpose);
    return this.codes.saveIfAllowed(verificationId, pending, request.clientIp()).chain(refusal -> {
      if (refusal != null) {
        return Uni.createFrom().failure(throttled(refusal, caller, target, request));
      }
      return (fixed.isPresent() ? Uni.createFrom().voidItem() : deliver(target, code, request.acceptLanguage()))
          .onFailure().call(() -> this.codes.release(verificationId, target))
          .onFailure().invoke(failure -> this.audit.record(AuditEvent.CODE_SEND, AuditOutcome.FAILED, caller.userId(), target, request))
          .onFailure().invoke(failure -> smsCounted(target, "provider"))
          .invoke(() -> this.audit.record(AuditEvent.CODE_SEND, fixed.isPresent() ? AuditOutcome.SANDBOX : AuditOutcome.SENT,
              caller.userId(), target, request))
          .invoke(() -> smsCounted(target, fixed.isPresent() ? null : "sent"))
          .replaceWith(new SentCode(verificationId, this.config.codeTtl(), own));
    });
  }

  /** Checks a code; the right one becomes a verification token, a wrong one costs a try of the code and of its address. */
  public Uni<IssuedToken> verify(String verificationId, String code, RequestInfo request) {
    var digits = code.strip();
    if (digits.length() != this.config.codeLength() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Uni.createFrom()
          .failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "verification_code must be " + this.config.codeLength() + " digits"));
    }
    // the id carries its target's bucket, and so does the token, which lives beside the code (same Redis slot)
    var bucket = RedisKeys.bucketOf(verificationId, ID_PREFIX);
    var token = bucket == null ? null : this.secrets.newToken(RedisKeys.VERIFICATION_TOKEN_PREFIX + bucket);
    var ttl = this.config.verificationTokenTtl();
    var mac = this.secrets.codeMac(verificationId, digits);
    var checked = bucket == null
        ? Uni.createFrom().item(VerifyOutcome.missing())
        : this.codes.verify(bucket, verificationId, mac, token, request.clientIp());
    return checked.map(outcome -> {
      this.audit.record(AuditEvent.CODE_VERIFY, AuditOutcome.of(outcome.kind().name()), null, null, request);
      return switch (outcome.kind()) {
        case VERIFIED -> new IssuedToken(token, ttl);
        case WRONG -> throw new GatewayException(ErrorId.INVALID_VERIFICATION_CODE,
            outcome.attemptsLeft() > 0
                ? "wrong verification code; " + outcome.attemptsLeft() + (outcome.attemptsLeft() == 1 ? " attempt left" : " attempts left")
                : "wrong verification code; no attempts left, request a new code",
            new Refusal(Refusal.Scope.TARGET, Refusal.Kind.ATTEMPTS, Duration.ZERO, outcome.attemptsLeft()));
        case EXHAUSTED ->
          throw new GatewayException(ErrorId.RESOURCE_EXHAUSTED, "too many wrong codes for this verification_id; request a new code",
              new Refusal(Refusal.Scope.TARGET, Refusal.Kind.CAP, Duration.ZERO, 0));
        case REFUSED -> throw refusedCheck(outcome.refusal());
        case MISSING -> throw new GatewayException(ErrorId.NOT_FOUND,
            "verification_id is unknown, expired or replaced by a newer code; request a new code");
      };
    });
  }

  private GatewayException throttled(Refusal refusal, Caller caller, ContactTarget target, RequestInfo request) {
    var scope = refusal.scope();
    var kind = refusal.kind();
    this.meters.counter("gateway.throttle.hits", "scope", scope.wire(), "kind", kind.wire()).increment();
    smsCounted(target, scope.wire() + "_" + kind.wire());
    this.audit.record(AuditEvent.CODE_SEND, AuditOutcome.refused(scope.wire() + "_" + kind.wire()), caller.userId(), target, request);
    var sms = target.channel() == Channel.PHONE;
    if (scope == Refusal.Scope.GLOBAL) {
      this.meters.counter(sms ? "gateway.sms.budget.exhausted" : "gateway.email.budget.exhausted").increment();
      Log.errorf("ALERT: the gateway-wide %s budget (gateway.policy.global-%s-per-hour) is used up; %s sends are refused for %d s",
          sms ? "SMS" : "e-mail", sms ? "sms" : "email", sms ? "SMS" : "e-mail", refusal.retryAfterSeconds());
    }
    var text = switch (scope) {
      case TARGET -> switch (kind) {
        case COOLDOWN -> "a code was just sent to this address; wait before asking again";
        case LOCKOUT -> "too many wrong codes for this address; it is locked for now";
        default -> "too many codes to this address; try again later";
      };
      case USER -> sms ? "too many SMS for this account today" : "too many e-mails for this account today";
      case IP -> "too many requests from this network; slow down";
      default -> sms ? "SMS sending is paused; try again later" : "e-mail sending is paused; try again later";
    };
    return new GatewayException(ErrorId.RESOURCE_EXHAUSTED, text, refusal);
  }

  /** {@code gateway_sms_sent_total}, or {@code gateway_sms_refused_total{reason}} when {@code reason} is not "sent". */
  private void smsCounted(ContactTarget target, String reason) {
    if (target.channel() != Channel.PHONE || reason == null) {
      return;
    }
    if (reason.equals("sent")) {
      this.meters.counter("gateway.sms.sent").increment();
    } else {
      this.meters.counter("gateway.sms.refused", "reason", reason).increment();
    }
  }

  private GatewayException refusedCheck(Refusal refusal) {
    this.meters.counter("gateway.throttle.hits", "scope", refusal.scope().wire(), "kind", refusal.kind().wire()).increment();
    var text = refusal.scope() == Refusal.Scope.IP
        ? "too many code checks from this network; slow down"
        : "too many wrong codes for this address; it is locked for now";
    return new GatewayException(ErrorId.RESOURCE_EXHAUSTED, text, refusal);
  }

  private Uni<Void> deliver(ContactTarget target, String code, String acceptLanguage) {
    return target.channel() == Channel.PHONE
        ? this.sms.sendCode(target, code, this.config.codeTtl())
        : this.email.sendCode(target, code, this.config.codeTtl(), acceptLanguage);
  }
}
