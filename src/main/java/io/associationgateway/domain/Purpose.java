package io.associationgateway.domain;

/** What a proved code may be used for; fixed when the code is sent. */
public enum Purpose {
  /** The code went to a phone or email the caller already has: it can buy a sudo grant. */
  REAUTHENTICATE,
  /** The code went to a new phone or email: it can bind exactly that address to the caller. */
  BIND
}
