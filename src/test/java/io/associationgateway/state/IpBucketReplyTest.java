package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link IpBucketReply#parse}. */
class IpBucketReplyTest {

  @Test
  void readsTheWait() {
    assertThat(IpBucketReply.parse(List.of("0"))).isEqualTo(new IpBucketReply(0));
    assertThat(IpBucketReply.parse(List.of("59001")).waitMs()).isEqualTo(59_001);
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("-1"), List.of("1.5"), List.of("0", "0"))) {
      assertThatThrownBy(() -> IpBucketReply.parse(reply)).isInstanceOf(IllegalStateException.class).hasMessageContaining("ip-bucket.lua");
    }
  }
}
