package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.associationgateway.state.IdempotencyStore.Claim;
import io.associationgateway.state.IdempotencyStore.State;

/** {@link IdempotencyClaimReply#parse}. */
class IdempotencyClaimReplyTest {

  @Test
  void readsEveryReply() {
    assertThat(IdempotencyClaimReply.parse(List.of("claimed"))).isEqualTo(new Claim(State.CLAIMED, null));
    assertThat(IdempotencyClaimReply.parse(List.of("mismatch"))).isEqualTo(new Claim(State.MISMATCH, null));
    assertThat(IdempotencyClaimReply.parse(List.of("running"))).isEqualTo(new Claim(State.RUNNING, null));
    assertThat(IdempotencyClaimReply.parse(List.of("done", "{\"status\":200}"))).isEqualTo(new Claim(State.DONE, "{\"status\":200}"));
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("done"), Arrays.asList("done", null), List.of("CLAIMED"),
        List.of("claimed", "x"))) {
      assertThatThrownBy(() -> IdempotencyClaimReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("idempotency-claim.lua");
    }
  }
}
