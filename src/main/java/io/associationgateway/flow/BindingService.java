package io.associationgateway.flow;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import io.associationgateway.config.PolicyConfig;
import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.state.TokenCheck;
import io.associationgateway.state.VerificationTokenStore;
import io.associationgateway.state.VerifiedContact;
import io.associationgateway.upstream.cloudbase.UserDirectory;
import io.associationgateway.upstream.cloudbase.UserDirectory.DirectoryUser;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Step 4: with a live sudo grant and a verification token for exactly this address, the address becomes the caller's
 * phone number or email in CloudBase. The token is spent atomically first (so two binds cannot share it) and put
 * back whenever the bind does not happen, so the user can retry. An address another account has is refused
 * ({@code DEFAULT}) or, when enabled, moved from that account ({@code TRANSFER}, {@code DELETE_ACCOUNT_TRANSFER}).
 */
@Singleton
public class BindingService {

  static final String DEFAULT = "DEFAULT";
  static final String TRANSFER = "TRANSFER";
  static final String DELETE_ACCOUNT_TRANSFER = "DELETE_ACCOUNT_TRANSFER";

  private final VerificationTokenStore tokens;
  private final UserDirectory directory;
  private final ChangeNotices notices;
  private final Audit audit;
  private final Set<String> resolutions = new HashSet<>(List.of(DEFAULT));

  public BindingService(VerificationTokenStore tokens, UserDirectory directory, ChangeNotices notices, Audit audit, PolicyConfig policy) {
    this.tokens = tokens;
    this.directory = directory;
    this.notices = notices;
    this.audit = audit;
    for (var enabled : policy.conflictResolutions().orElse(List.of())) {
      var value = enabled.strip().toUpperCase(Locale.ROOT);
      if (!value.equals(TRANSFER) && !value.equals(DELETE_ACCOUNT_TRANSFER)) {
        throw new IllegalStateException("gateway.policy.conflict-resolutions: unknown value " + enabled);
      }
      if (value.equals(DELETE_ACCOUNT_TRANSFER) && !directory.canDeleteUsers()) {
        throw new IllegalStateException(
            "gateway.policy.conflict-resolutions: DELETE_ACCOUNT_TRANSFER needs gateway.cloudbase.directory=tcb "
                + "(CloudBase's HTTP API documents no way to block or delete another user)");
      }
      this.resolutions.add(value);
    }
  }

  public Uni<Void> bind(Caller caller, String sudoToken, ContactTarget target, String verificationToken, String resolution,
      RequestInfo request) {
    var mode = resolution == null ? DEFAULT : resolution;
    if (!this.resolutions.contains(mode)) {
      var known = mode.equals(TRANSFER) || mode.equals(DELETE_ACCOUNT_TRANSFER);
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT,
          known
              ? "conflict_resolution " + mode + " is not enabled on this gateway"
              : "conflict_resolution must be DEFAULT, TRANSFER or DELETE_ACCOUNT_TRANSFER"));
    }
    return this.tokens.takeForBind(sudoToken, verificationToken, caller, target).chain(taken -> {
      if (taken.check() != TokenCheck.OK) {
        this.audit.record(AuditEvent.BIND, AuditOutcome.refused(taken.check()), caller.userId(), target, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, describe(taken.check())));
      }
      return write(caller, taken.taken(), mode, request)
          .onFailure(failure -> !(failure instanceof GatewayException refusal && refusal.id() == ErrorId.ALREADY_EXISTS))
          .invoke(failure -> this.audit.record(AuditEvent.BIND, AuditOutcome.FAILED, caller.userId(), target, request))
          .onFailure().recoverWithUni(failure -> this.tokens.restore(taken.taken())
              .onItemOrFailure()
              .transformToUni((restored, lost) -> Uni.createFrom().failure(lost == null ? failure : tokenLost(caller, lost))));
    });
  }

  /**
   * The bind did not happen and Redis could not take the verification token back (e.g. it went down meanwhile): the
   * token is gone, so "retry" would only meet {@code invalid_grant}. Say so: the address must be proved again.
   */
  private static GatewayException tokenLost(Caller caller, Throwable lost) {
    Log.warnf("bind for user %s failed and its verification token could not be put back: %s", caller.userId(), lost.getMessage());
    return new GatewayException(ErrorId.UNAVAILABLE,
        "not bound, and the verification_token could not be kept (state store unavailable): send and verify a new code, then bind again");
  }

  private Uni<Void> write(Caller caller, VerifiedContact proved, String mode, RequestInfo request) {
    var target = proved.target();
    return this.directory.findOwner(target).chain(owner -> {
      if (owner.isPresent() && owner.get().id().equals(caller.userId())) {
        return Uni.createFrom().voidItem();
      }
      if (owner.isPresent() && mode.equals(DEFAULT)) {
        this.audit.record(AuditEvent.BIND, AuditOutcome.REFUSED_OWNED_BY_ANOTHER_USER, caller.userId(), target, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.ALREADY_EXISTS, alreadyBound(target)));
      }
      var written = owner.isPresent()
          ? transfer(caller, owner.get(), target, mode, request)
          : this.directory.setContact(caller.userId(), target);
      return written
          .invoke(() -> this.audit.record(AuditEvent.BIND, owner.isPresent() ? AuditOutcome.boundBy(mode) : AuditOutcome.BOUND,
              caller.userId(), target, request))
          .call(() -> this.notices.contactBound(caller, target, request));
    });
  }

  /** The {@code DEFAULT} refusal, naming the {@code conflict_resolution} values this gateway enables, if any. */
  private String alreadyBound(ContactTarget target) {
    var refusal = (target.channel() == Channel.PHONE ? "phone number" : "email") + " is already bound to another account";
    var enabled = Stream.of(TRANSFER, DELETE_ACCOUNT_TRANSFER).filter(this.resolutions::contains).toList();
    return enabled.isEmpty()
        ? refusal
        : refusal + "; to move it to this account, bind again with the same verification_token and "
            + "conflict_resolution " + String.join(" or ", enabled);
  }

  /**
   * Moves {@code target} from {@code other} to the caller, every reversible write first and the irreversible one last:
   * {@code TRANSFER} clears it there, then sets it here; {@code DELETE_ACCOUNT_TRANSFER} blocks the other account,
   * clears it there, sets it here, and only then deletes the other account. A failed reversible step undoes the
   * earlier ones, so both accounts end as they were or as intended. If the final deletion fails, the bind stands and
   * the other account stays blocked without the address (an operator alert says so). The other account is told
   * through its remaining channel.
   */
  private Uni<Void> transfer(Caller caller, DirectoryUser other, ContactTarget target, String mode, RequestInfo request) {
    var deleteOther = mode.equals(DELETE_ACCOUNT_TRANSFER);
    Uni<Void> unblock = deleteOther ? this.directory.setBlocked(other.id(), false) : Uni.createFrom().voidItem();
    Uni<Void> restore = this.directory.setContact(other.id(), target).chain(() -> unblock);
    return (deleteOther ? this.directory.setBlocked(other.id(), true) : Uni.createFrom().voidItem())
        .chain(() -> this.directory.clearContact(other.id(), target.channel()).onFailure().call(() -> undo(unblock)))
        .chain(() -> this.directory.setContact(caller.userId(), target).onFailure().call(() -> undo(restore)))
        .chain(() -> deleteOther ? deleteLast(other, target, request) : Uni.createFrom().voidItem())
        .invoke(() -> this.audit.record(AuditEvent.TRANSFER, AuditOutcome.of(mode), other.id(), target, request))
        .call(() -> this.notices.contactMovedAway(other, target, request));
  }

  private Uni<Void> deleteLast(DirectoryUser other, ContactTarget target, RequestInfo request) {
    return this.directory.delete(other.id()).onFailure().recoverWithUni(failure -> {
      Log.errorf("ALERT: transfer of %s done, but deleting account %s failed (%s); it stays BLOCKED without the address: "
          + "delete it by hand", target.masked(), other.id(), failure.getMessage());
      this.audit.record(AuditEvent.TRANSFER, AuditOutcome.DELETE_FAILED, other.id(), target, request);
      return Uni.createFrom().voidItem();
    });
  }

  private Uni<Void> undo(Uni<Void> undo) {
    return undo.onFailure().invoke(this::undoFailed).onFailure().recoverWithNull();
  }

  private void undoFailed(Throwable failure) {
    Log.errorf("ALERT: undoing a failed transfer failed; the other account may need repair: %s", failure.getMessage());
  }

  private static String describe(TokenCheck check) {
    return switch (check) {
      case SUDO_INVALID -> "sudo_token is invalid or expired; re-authenticate with POST /auth/v1/user/sudo";
      case TARGET_MISMATCH -> "verification_token was not issued for this address";
      case PURPOSE_MISMATCH -> "verification_token proves an address the account already has; it cannot bind";
      default -> "verification_token is invalid, expired or already used";
    };
  }
}
