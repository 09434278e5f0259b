package io.associationgateway.flow;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.Caller;
import io.associationgateway.ContactTarget;
import io.associationgateway.RequestInfo;
import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.state.TokenCheck;
import io.associationgateway.state.VerificationTokenStore;
import io.associationgateway.state.VerifiedContact;
import io.associationgateway.upstream.cloudbase.UserDirectory;
import io.smallrye.mutiny.Uni;

/**
 * Step 4: with a live sudo grant and a verification token for exactly this address, the address becomes the caller's
 * phone number or email in CloudBase. The token is spent atomically first (so two binds cannot share it) and put
 * back whenever the bind does not happen, so the user can retry.
 */
@ApplicationScoped
public class BindingService {

  private final VerificationTokenStore tokens;
  private final UserDirectory directory;
  private final Audit audit;

  public BindingService(VerificationTokenStore tokens, UserDirectory directory, Audit audit) {
    this.tokens = tokens;
    this.directory = directory;
    this.audit = audit;
  }

  public Uni<Void> bind(Caller caller, String sudoToken, ContactTarget target, String verificationToken, RequestInfo request) {
    return this.tokens.takeForBind(sudoToken, verificationToken, caller, target).chain(taken -> {
      if (taken.check() != TokenCheck.OK) {
        this.audit.record("bind", "refused_" + taken.check().name().toLowerCase(java.util.Locale.ROOT), caller.userId(), target, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_GRANT, describe(taken.check())));
      }
      return write(caller, taken.taken(), request)
          .onFailure(failure -> !(failure instanceof GatewayException refusal && refusal.id() == ErrorId.ALREADY_EXISTS))
          .invoke(failure -> this.audit.record("bind", "failed", caller.userId(), target, request))
          .onFailure().call(() -> this.tokens.restore(taken.taken()));
    });
  }

  private Uni<Void> write(Caller caller, VerifiedContact proved, RequestInfo request) {
    var target = proved.target();
    return this.directory.findOwner(target).chain(owner -> {
      if (owner.isPresent() && !owner.get().equals(caller.userId())) {
        this.audit.record("bind", "refused_owned_by_another_user", caller.userId(), target, request);
        return Uni.createFrom().failure(new GatewayException(ErrorId.ALREADY_EXISTS, target.channel().name().toLowerCase(java.util.Locale.ROOT)
            .replace("phone", "phone number") + " is already bound to another account"));
      }
      var write = owner.isPresent() ? Uni.createFrom().voidItem() : this.directory.setContact(caller.userId(), target);
      return write.invoke(() -> this.audit.record("bind", "bound", caller.userId(), target, request));
    });
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
