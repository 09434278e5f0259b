package io.associationgateway.state;

import java.util.List;

/** The reply of {@code ip-bucket.lua}: {@code 0} when a token was taken, else the ms until one is available. */
record IpBucketReply(long waitMs) {

  static IpBucketReply parse(List<String> reply) {
    if (reply.size() != 1) {
      throw ScriptReply.unexpected("ip-bucket", reply);
    }
    var wait = ScriptReply.number("ip-bucket", reply, 0);
    if (wait < 0) {
      throw ScriptReply.unexpected("ip-bucket", reply);
    }
    return new IpBucketReply(wait);
  }
}
