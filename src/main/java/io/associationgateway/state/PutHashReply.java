package io.associationgateway.state;

import java.util.List;

/** The reply of {@code put-hash.lua}: {@code 1} when written, {@code 0} when a {@code restore} found the key there. */
enum PutHashReply {
  /** The hash and its expiry were written. */
  WRITTEN,
  /** A {@code restore} left the key as it was, because it already existed. */
  ALREADY_THERE;

  static PutHashReply parse(List<String> reply) {
    if (List.of("1").equals(reply)) {
      return WRITTEN;
    }
    if (List.of("0").equals(reply)) {
      return ALREADY_THERE;
    }
    throw ScriptReply.unexpected("put-hash", reply);
  }
}
