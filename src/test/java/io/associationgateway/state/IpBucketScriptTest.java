package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code ip-bucket.lua} (the token bucket of {@code lib.lua}), one case per reply branch. */
@QuarkusTest
class IpBucketScriptTest extends ScriptTest {

  @Test
  void aTokenIsTakenFromAFreshBucketWhichExpiresOnceFullAgain() {
    var bucket = key("ip");

    assertThat(run(PendingCodeStore.IP_BUCKET, List.of(bucket), 3, 6)).containsExactly("0");

    var state = hash(bucket);
    assertThat(Double.parseDouble(state.get("tokens"))).isEqualTo(2.0);
    assertThat(Long.parseLong(state.get("ts"))).isPositive();
    // refilled in burst / rate = 30 s, plus a second of slack
    assertThat(pttl(bucket)).isBetween(21_000L, 31_000L);
    assertThat(runParsed(PendingCodeStore.IP_BUCKET, IpBucketReply::parse, List.of(bucket), 3, 6)).isEqualTo(new IpBucketReply(0));
    assertThat(Double.parseDouble(hash(bucket).get("tokens"))).isBetween(1.0, 1.1);
  }

  @Test
  void anEmptyBucketAnswersTheWaitForTheNextTokenAndTakesNothing() {
    var bucket = key("ip");
    var now = String.valueOf(System.currentTimeMillis());
    putHash(bucket, Map.of("tokens", "0", "ts", now), 60_000);

    var reply = run(PendingCodeStore.IP_BUCKET, List.of(bucket), 5, 1);

    // one token per minute: the next one is about 60 s away (less the time since ts)
    assertThat(reply).hasSize(1);
    assertThat(Long.parseLong(reply.get(0))).isBetween(40_000L, 60_000L);
    assertThat(IpBucketReply.parse(reply).waitMs()).isPositive();
    assertThat(hash(bucket)).containsEntry("tokens", "0").containsEntry("ts", now);
  }

  @Test
  void tokensRefillWithTimeUpToTheBurst() {
    var bucket = key("ip");
    // emptied an hour ago: refilled to the burst (2), never beyond
    putHash(bucket, Map.of("tokens", "0", "ts", String.valueOf(System.currentTimeMillis() - 3_600_000L)), 60_000);

    assertThat(run(PendingCodeStore.IP_BUCKET, List.of(bucket), 2, 60)).containsExactly("0");
    assertThat(Double.parseDouble(hash(bucket).get("tokens"))).isEqualTo(1.0);
  }
}
