package io.associationgateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** {@link Refusal}: the wire names that error bodies, metrics, audit records and the OpenAPI text carry never change. */
class RefusalTest {

  @Test
  void scopesKeepTheirWireNames() {
    assertThat(Arrays.stream(Refusal.Scope.values()).map(Refusal.Scope::wire))
        .containsExactly("target", "user", "ip", "global", "upstream", "gateway");
  }

  @Test
  void kindsKeepTheirWireNames() {
    assertThat(Arrays.stream(Refusal.Kind.values()).map(Refusal.Kind::wire))
        .containsExactly("cooldown", "cap", "lockout", "attempts", "circuit_open", "overloaded");
  }

  @Test
  void theWaitIsWholeSecondsRoundedUpAtLeastOne() {
    assertThat(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, 0).retryAfterSeconds()).isEqualTo(1);
    assertThat(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, -50).retryAfter()).isZero();
    assertThat(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, 1000).retryAfterSeconds()).isEqualTo(1);
    assertThat(Refusal.of(Refusal.Scope.IP, Refusal.Kind.CAP, 1001).retryAfterSeconds()).isEqualTo(2);
    assertThat(Refusal.of(Refusal.Scope.TARGET, Refusal.Kind.COOLDOWN, 59_999).retryAfterSeconds()).isEqualTo(60);
  }
}
