package io.associationgateway.domain;

/**
 * A security notice about an account's sign-in addresses (never a code): what happened, to which kind of address,
 * and the new address in masked form.
 */
public record Notice(Kind kind, Channel channel, String maskedAddress) {

  /** What happened. */
  public enum Kind {
    /** A phone number or email was added to the account. */
    ADDED,
    /** The account's phone number or email was replaced by another. */
    REPLACED,
    /** The account's phone number or email was moved to another account (conflict transfer). */
    MOVED_AWAY
  }
}
