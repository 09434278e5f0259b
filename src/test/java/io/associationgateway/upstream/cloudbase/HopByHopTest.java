package io.associationgateway.upstream.cloudbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@link HopByHop}: which headers stay on their hop, the fixed ones and those a message's own Connection field names. */
class HopByHopTest {

  @Test
  void connectionOptionsAreTheTokensOfEveryConnectionValueLowerCased() {
    assertThat(HopByHop.connectionOptions(List.of())).isEmpty();
    assertThat(HopByHop.connectionOptions(List.of("Upgrade, HTTP2-Settings", " keep-alive ,,X-Hop "))).containsExactlyInAnyOrder("upgrade",
        "http2-settings", "keep-alive", "x-hop");
  }

  @Test
  void aRequestHeaderNamedByConnectionStaysOnItsHop() {
    var named = HopByHop.connectionOptions(List.of("Upgrade, HTTP2-Settings"));
    assertThat(HopByHop.skipRequestHeader("HTTP2-Settings", named)).isTrue();
    assertThat(HopByHop.skipRequestHeader("http2-settings", named)).isTrue();
    assertThat(HopByHop.skipRequestHeader("Authorization", named)).isFalse();
    assertThat(HopByHop.skipRequestHeader("HTTP2-Settings", Set.of())).as("not named: an ordinary header").isFalse();
    assertThat(HopByHop.skipRequestHeader("Transfer-Encoding", Set.of())).isTrue();
    assertThat(HopByHop.skipRequestHeader("X-Forwarded-For", Set.of())).isTrue();
  }

  @Test
  void aResponseHeaderNamedByConnectionStaysOnItsHop() {
    var named = HopByHop.connectionOptions(List.of("X-Upstream-Hop"));
    assertThat(HopByHop.skipResponseHeader("X-Upstream-Hop", named)).isTrue();
    assertThat(HopByHop.skipResponseHeader("Content-Type", named)).isFalse();
    assertThat(HopByHop.skipResponseHeader("Access-Control-Allow-Origin", Set.of())).isTrue();
    assertThat(HopByHop.skipResponseHeader("Keep-Alive", Set.of())).isTrue();
  }
}
