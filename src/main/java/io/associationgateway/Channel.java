package io.associationgateway;

/** Where a one-time code goes. */
public enum Channel {
  PHONE, EMAIL
}
