package io.associationgateway.domain;

/** Where a one-time code goes. */
public enum Channel {
  PHONE, EMAIL
}
