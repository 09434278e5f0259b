package io.associationgateway.state;

/** Why Redis refused to hand out a token, or that it did. */
public enum TokenCheck {
  OK, SUDO_INVALID, TOKEN_INVALID, TARGET_MISMATCH, PURPOSE_MISMATCH
}
