package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.associationgateway.domain.Channel;
import io.associationgateway.state.IdempotencyStore.Claim;
import io.associationgateway.state.IdempotencyStore.State;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code consume-for-bind.lua}, {@code consume-for-sudo.lua}, {@code put-hash.lua} and {@code idempotency-claim.lua},
 * one case per reply branch.
 */
@QuarkusTest
class TokenScriptsTest extends ScriptTest {

  private static final long TTL = 300_000L;

  private String storedToken(String user, String target, String purpose) {
    var token = key("vtok");
    putHash(token, Map.of("user", user, "target", target, "channel", "EMAIL", "purpose", purpose), TTL);
    return token;
  }

  // -- consume-for-bind.lua

  @Test
  void bindTakesAMatchingTokenAndAnswersItsChannelAndRemainingLife() {
    var token = storedToken("u1", "a@example.com", "BIND");

    var reply = run(VerificationTokenStore.CONSUME_FOR_BIND, List.of(token), "u1", "a@example.com", "BIND");

    assertThat(reply).hasSize(3).startsWith("ok", "EMAIL");
    assertThat(Long.parseLong(reply.get(2))).isBetween(TTL - 10_000, TTL);
    assertThat(ConsumeForBindReply.parse(reply)).isEqualTo(new ConsumeForBindReply.Taken(Channel.EMAIL, Long.parseLong(reply.get(2))));
    assertThat(exists(token)).isFalse();
  }

  @Test
  void bindRefusesAndLeavesTheTokenWhenAnythingDiffers() {
    var token = storedToken("u1", "a@example.com", "BIND");

    assertThat(run(VerificationTokenStore.CONSUME_FOR_BIND, List.of(token), "u2", "a@example.com", "BIND"))
        .containsExactly("token_invalid");
    assertThat(run(VerificationTokenStore.CONSUME_FOR_BIND, List.of(token), "u1", "b@example.com", "BIND"))
        .containsExactly("target_mismatch");
    assertThat(runParsed(VerificationTokenStore.CONSUME_FOR_BIND, ConsumeForBindReply::parse, List.of(token), "u1", "a@example.com",
        "REAUTHENTICATE"))
        .isEqualTo(new ConsumeForBindReply.Refused(TokenCheck.PURPOSE_MISMATCH));

    assertThat(hash(token)).containsEntry("user", "u1").containsEntry("purpose", "BIND");
    assertThat(pttl(token)).isBetween(TTL - 10_000, TTL);
  }

  @Test
  void bindOfAnUnknownTokenIsInvalid() {
    assertThat(
        runParsed(VerificationTokenStore.CONSUME_FOR_BIND, ConsumeForBindReply::parse, List.of(key("none")), "u1", "a@example.com", "BIND"))
        .isEqualTo(new ConsumeForBindReply.Refused(TokenCheck.TOKEN_INVALID));
    assertThat(exists(key("none"))).isFalse();
  }

  // -- consume-for-sudo.lua

  @Test
  void sudoTakesATokenThatProvesOneOfTheCallersContacts() {
    var token = storedToken("u1", "a@example.com", "REAUTHENTICATE");

    var reply = run(VerificationTokenStore.CONSUME_FOR_SUDO, List.of(token), "u1", "REAUTHENTICATE", "+86 13800000000", "a@example.com");

    assertThat(reply).containsExactly("ok", "a@example.com");
    assertThat(ConsumeForSudoReply.parse(reply)).isEqualTo(new ConsumeForSudoReply(TokenCheck.OK, "a@example.com"));
    assertThat(exists(token)).isFalse();
  }

  @Test
  void sudoRefusesAndLeavesTheTokenWhenAnythingDiffers() {
    var token = storedToken("u1", "a@example.com", "REAUTHENTICATE");

    assertThat(run(VerificationTokenStore.CONSUME_FOR_SUDO, List.of(token), "u2", "REAUTHENTICATE", "a@example.com"))
        .containsExactly("token_invalid");
    assertThat(run(VerificationTokenStore.CONSUME_FOR_SUDO, List.of(token), "u1", "BIND", "a@example.com"))
        .containsExactly("purpose_mismatch");
    assertThat(run(VerificationTokenStore.CONSUME_FOR_SUDO, List.of(token), "u1", "REAUTHENTICATE", "b@example.com"))
        .containsExactly("target_mismatch");
    // a caller with no contacts at all
    assertThat(runParsed(VerificationTokenStore.CONSUME_FOR_SUDO, ConsumeForSudoReply::parse, List.of(token), "u1", "REAUTHENTICATE"))
        .isEqualTo(new ConsumeForSudoReply(TokenCheck.TARGET_MISMATCH, null));

    assertThat(hash(token)).containsEntry("user", "u1");
    assertThat(pttl(token)).isBetween(TTL - 10_000, TTL);
  }

  @Test
  void sudoOfAnUnknownTokenIsInvalid() {
    assertThat(run(VerificationTokenStore.CONSUME_FOR_SUDO, List.of(key("none")), "u1", "REAUTHENTICATE", "a@example.com"))
        .containsExactly("token_invalid");
  }

  // -- put-hash.lua

  @Test
  void replaceOverwritesTheWholeHashAndItsExpiry() {
    var key = key("hash");
    putHash(key, Map.of("old", "1", "fp", "x"), 5_000);

    assertThat(run(IdempotencyStore.PUT, List.of(key), "replace", TTL, "fp", "f1", "answer", "a1")).containsExactly("1");

    assertThat(hash(key)).containsExactlyInAnyOrderEntriesOf(Map.of("fp", "f1", "answer", "a1"));
    assertThat(pttl(key)).isBetween(TTL - 10_000, TTL);
  }

  @Test
  void restoreWritesAnAbsentHashWithTheGivenLife() {
    var key = key("hash");

    assertThat(runParsed(VerificationTokenStore.PUT, PutHashReply::parse, List.of(key), "restore", 42_000, "user", "u1"))
        .isEqualTo(PutHashReply.WRITTEN);
    assertThat(hash(key)).containsExactlyEntriesOf(Map.of("user", "u1"));
    assertThat(pttl(key)).isBetween(32_000L, 42_000L);
  }

  @Test
  void restoreLeavesAnExistingHashAlone() {
    var key = key("hash");
    putHash(key, Map.of("user", "u2"), TTL);

    var reply = run(VerificationTokenStore.PUT, List.of(key), "restore", 42_000, "user", "u1");

    assertThat(reply).containsExactly("0");
    assertThat(PutHashReply.parse(reply)).isEqualTo(PutHashReply.ALREADY_THERE);
    assertThat(hash(key)).containsExactlyEntriesOf(Map.of("user", "u2"));
    assertThat(pttl(key)).isBetween(TTL - 10_000, TTL);
  }

  // -- idempotency-claim.lua

  @Test
  void aNewKeyIsClaimedForTheClaimTimeout() {
    var key = key("idem");

    assertThat(runParsed(IdempotencyStore.CLAIM, IdempotencyClaimReply::parse, List.of(key), "fp1", 60_000))
        .isEqualTo(new Claim(State.CLAIMED, null));
    assertThat(hash(key)).containsExactlyEntriesOf(Map.of("fp", "fp1"));
    assertThat(pttl(key)).isBetween(50_000L, 60_000L);
  }

  @Test
  void aClaimedKeyIsRunningForTheSameRequestAndAMismatchForAnother() {
    var key = key("idem");
    assertThat(run(IdempotencyStore.CLAIM, List.of(key), "fp1", 60_000)).containsExactly("claimed");
    this.redis.key().pexpire(key, 30_000);

    assertThat(run(IdempotencyStore.CLAIM, List.of(key), "fp1", 60_000)).containsExactly("running");
    assertThat(run(IdempotencyStore.CLAIM, List.of(key), "fp2", 60_000)).containsExactly("mismatch");
    // neither restarts the claim's clock nor changes the record
    assertThat(pttl(key)).isBetween(20_000L, 30_000L);
    assertThat(hash(key)).containsExactlyEntriesOf(Map.of("fp", "fp1"));
  }

  @Test
  void anAnsweredKeyGivesBackItsSealedAnswer() {
    var key = key("idem");
    putHash(key, Map.of("fp", "fp1", "answer", "sealed"), TTL);

    var reply = run(IdempotencyStore.CLAIM, List.of(key), "fp1", 60_000);

    assertThat(reply).containsExactly("done", "sealed");
    assertThat(IdempotencyClaimReply.parse(reply)).isEqualTo(new Claim(State.DONE, "sealed"));
    assertThat(run(IdempotencyStore.CLAIM, List.of(key), "fp2", 60_000)).containsExactly("mismatch");
    assertThat(pttl(key)).isBetween(TTL - 10_000, TTL);
  }
}
