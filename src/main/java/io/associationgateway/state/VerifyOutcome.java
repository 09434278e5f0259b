package io.associationgateway.state;

/** What Redis said about an offered code. */
public record VerifyOutcome(Kind kind, int attemptsLeft) {

  /** The possible answers. */
  public enum Kind {
    /** Right code: the verification token now exists and the code is gone. */
    VERIFIED,
    /** Wrong code: {@link #attemptsLeft()} tries remain. */
    WRONG,
    /** The code took its last wrong try earlier and is dead. */
    EXHAUSTED,
    /** No such verification id, or it expired. */
    MISSING
  }
}
