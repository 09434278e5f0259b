package io.associationgateway.state;

import io.associationgateway.failure.Refusal;

/** What Redis said about an offered code. */
public record VerifyOutcome(Kind kind, int attemptsLeft, Refusal refusal) {

  /** The possible answers. */
  public enum Kind {
    /** Right code: the verification token now exists and the code is gone. */
    VERIFIED,
    /** Wrong code: {@link #attemptsLeft()} tries remain (for the code, or for its address if fewer). */
    WRONG,
    /** The code took its last wrong try earlier and is dead. */
    EXHAUSTED,
    /** No such verification id: expired, used, or replaced by a newer code for the same address. */
    MISSING,
    /** A limit refused the check before it was made: see {@link #refusal()}. */
    REFUSED
  }

  static VerifyOutcome verified() {
    return new VerifyOutcome(Kind.VERIFIED, 0, null);
  }

  static VerifyOutcome wrong(int attemptsLeft) {
    return new VerifyOutcome(Kind.WRONG, attemptsLeft, null);
  }

  static VerifyOutcome exhausted() {
    return new VerifyOutcome(Kind.EXHAUSTED, 0, null);
  }

  public static VerifyOutcome missing() {
    return new VerifyOutcome(Kind.MISSING, 0, null);
  }

  static VerifyOutcome refused(Refusal refusal) {
    return new VerifyOutcome(Kind.REFUSED, 0, refusal);
  }
}
