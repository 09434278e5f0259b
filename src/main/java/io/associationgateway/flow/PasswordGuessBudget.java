package io.associationgateway.flow;

import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.associationgateway.config.PolicyConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.associationgateway.state.PasswordGuessStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Password guessing on {@code POST /auth/v1/user/sudo}: each user and each client IP has a budget of wrong passwords
 * per window ({@code gateway.policy.sudo-password-failures-per-user}, {@code -per-ip}, {@code -window}). It is checked
 * before CloudBase is asked, so a used-up budget is answered {@code 429 resource_exhausted} without trying the
 * password; only CloudBase's {@code invalid_password} counts against it. Guesses running at the same moment are all
 * checked before any is counted, so the budget can be overrun by as many as run at once (each needs a valid access
 * token of the user, and the per-IP in-flight cap bounds them).
 */
@Singleton
public class PasswordGuessBudget {

  private final PasswordGuessStore store;
  private final PolicyConfig policy;
  private final MeterRegistry meters;

  public PasswordGuessBudget(PasswordGuessStore store, PolicyConfig policy, MeterRegistry meters) {
    this.store = store;
    this.policy = policy;
    this.meters = meters;
  }

  /** Runs {@code passwordCheck} if the budgets allow it, and counts it when CloudBase says the password is wrong. */
  public <T> Uni<T> guard(String userId, String clientIp, Supplier<Uni<T>> passwordCheck) {
    return this.store.check(userId, clientIp, this.policy.sudoPasswordFailuresPerUser(), this.policy.sudoPasswordFailuresPerIp())
        .chain(refusal -> {
          if (refusal != null) {
            this.meters.counter("gateway.throttle.hits", "scope", refusal.scope().wire(), "kind", refusal.kind().wire()).increment();
            return Uni.createFrom().failure(new GatewayException(ErrorId.RESOURCE_EXHAUSTED,
                refusal.scope() == Refusal.Scope.USER
                    ? "too many wrong passwords for this account; try again later"
                    : "too many wrong passwords from this network; try again later",
                refusal));
          }
          return passwordCheck.get()
              .onFailure(failure -> failure instanceof GatewayException refused && refused.id() == ErrorId.INVALID_PASSWORD)
              .call(() -> this.store.countFailure(userId, clientIp, this.policy.sudoPasswordFailureWindow()));
        });
  }
}
