package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.Refusal;
import io.quarkus.test.junit.QuarkusTest;

/** {@code send-target.lua} and {@code undo-send.lua}, one case per reply branch, on a target's real keys ({@link RedisKeys}). */
@QuarkusTest
class SendScriptsTest extends ScriptTest {

  private static final long HOUR = 3_600_000L;
  private static final long COOLDOWN = 60_000L;
  private static final long CODE_TTL = 600_000L;
  private static final int FAILURE_CAP = 5;
  private static final int SEND_CAP = 3;

  private ContactTarget target;

  @BeforeEach
  void newTarget() {
    this.target = newPhone();
  }

  private String newCodeKey() {
    return RedisKeys.code(RedisKeys.bucket(this.target),
        RedisKeys.VERIFICATION_ID_PREFIX + RedisKeys.bucket(this.target) + UUID.randomUUID());
  }

  private List<String> keys(String codeKey) {
    return List.of(RedisKeys.failures(this.target), RedisKeys.cooldown(this.target), RedisKeys.sends(this.target),
        RedisKeys.latest(this.target), codeKey);
  }

  private Object[] args(long cooldownMs) {
    var args = new ArrayList<Object>(List.of(FAILURE_CAP, cooldownMs, SEND_CAP, CODE_TTL, "mac", "m1", "attempts", "0", "target",
        this.target.value(), "fkey", RedisKeys.failures(this.target), "lkey", RedisKeys.latest(this.target)));
    return args.toArray();
  }

  private List<String> send(String codeKey, long cooldownMs) {
    return run(PendingCodeStore.SEND_TARGET, keys(codeKey), args(cooldownMs));
  }

  @Test
  void aFirstSendStoresTheCodeMakesItLiveCountsItAndStartsTheCooldown() {
    var code = newCodeKey();

    assertThat(send(code, COOLDOWN)).containsExactly("ok", "");

    assertThat(hash(code)).containsEntry("mac", "m1").containsEntry("attempts", "0").containsEntry("target", this.target.value())
        .containsEntry("fkey", RedisKeys.failures(this.target)).containsEntry("lkey", RedisKeys.latest(this.target));
    assertThat(pttl(code)).isBetween(CODE_TTL - 10_000, CODE_TTL);
    assertThat(get(RedisKeys.latest(this.target))).isEqualTo(code);
    assertThat(pttl(RedisKeys.latest(this.target))).isBetween(CODE_TTL - 10_000, CODE_TTL);
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo("1");
    assertThat(pttl(RedisKeys.sends(this.target))).isBetween(HOUR - 10_000, HOUR);
    assertThat(pttl(RedisKeys.cooldown(this.target))).isBetween(COOLDOWN - 10_000, COOLDOWN);
    assertThat(exists(RedisKeys.failures(this.target))).isFalse();
  }

  @Test
  void aLaterSendNamesThePreviousLiveCodeAndLeavesItInPlace() {
    var first = newCodeKey();
    var second = newCodeKey();
    assertThat(send(first, 0)).containsExactly("ok", "");

    var reply = runParsed(PendingCodeStore.SEND_TARGET, SendTargetReply::parse, keys(second), args(0));

    assertThat(reply).isEqualTo(new SendTargetReply.Stored(first));
    assertThat(get(RedisKeys.latest(this.target))).isEqualTo(second);
    assertThat(exists(first)).isTrue();
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo("2");
    // a zero cooldown sets none
    assertThat(exists(RedisKeys.cooldown(this.target))).isFalse();
  }

  @Test
  void aLockedTargetIsRefusedFirstWithTheLocksRestAndNothingChanges() {
    set(RedisKeys.failures(this.target), String.valueOf(FAILURE_CAP), 50_000);
    set(RedisKeys.cooldown(this.target), "1", 30_000);
    var code = newCodeKey();

    var reply = send(code, COOLDOWN);

    assertThat(reply).hasSize(3).startsWith("target", "lockout");
    assertThat(Long.parseLong(reply.get(2))).isBetween(40_000L, 50_000L);
    assertThat(SendTargetReply.parse(reply)).isInstanceOf(SendTargetReply.Refused.class)
        .extracting(r -> ((SendTargetReply.Refused) r).kind()).isEqualTo(Refusal.Kind.LOCKOUT);
    assertNothingStored(code);
  }

  @Test
  void aCoolingTargetIsRefusedWithTheCooldownsRest() {
    set(RedisKeys.cooldown(this.target), "1", 30_000);
    var code = newCodeKey();

    var reply = send(code, COOLDOWN);

    assertThat(reply).hasSize(3).startsWith("target", "cooldown");
    assertThat(Long.parseLong(reply.get(2))).isBetween(20_000L, 30_000L);
    assertThat(pttl(RedisKeys.cooldown(this.target))).isBetween(20_000L, 30_000L);
    assertNothingStored(code);
  }

  @Test
  void aTargetAtItsHourlyCapIsRefusedWithTheHoursRest() {
    set(RedisKeys.sends(this.target), String.valueOf(SEND_CAP), 900_000);
    var code = newCodeKey();

    var reply = send(code, COOLDOWN);

    assertThat(reply).hasSize(3).startsWith("target", "cap");
    assertThat(Long.parseLong(reply.get(2))).isBetween(890_000L, 900_000L);
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo(String.valueOf(SEND_CAP));
    assertThat(exists(RedisKeys.cooldown(this.target))).isFalse();
    assertThat(exists(code)).isFalse();
    assertThat(exists(RedisKeys.latest(this.target))).isFalse();
  }

  private void assertNothingStored(String code) {
    assertThat(exists(code)).isFalse();
    assertThat(exists(RedisKeys.latest(this.target))).isFalse();
    assertThat(exists(RedisKeys.sends(this.target))).isFalse();
  }

  // -- undo-send.lua: always 1; what it changes depends on the pointer and the previous code

  private List<String> undo(String refused, String previous) {
    var keys = List.of(RedisKeys.cooldown(this.target), RedisKeys.sends(this.target), RedisKeys.latest(this.target), refused);
    var reply = run(PendingCodeStore.UNDO_SEND, keys, previous);
    assertThat(UndoSendReply.parse(reply)).isEqualTo(new UndoSendReply());
    return reply;
  }

  @Test
  void undoRevivesTheStillLivingPreviousCodeWithItsOwnRemainingLife() {
    var previous = newCodeKey();
    var refused = newCodeKey();
    putHash(previous, Map.of("mac", "m0"), 200_000);
    assertThat(send(refused, COOLDOWN)).containsExactly("ok", "");
    set(RedisKeys.sends(this.target), "2", HOUR);

    assertThat(undo(refused, previous)).containsExactly("1");

    assertThat(get(RedisKeys.latest(this.target))).isEqualTo(previous);
    assertThat(pttl(RedisKeys.latest(this.target))).isBetween(190_000L, 200_000L);
    assertThat(exists(refused)).isFalse();
    assertThat(exists(RedisKeys.cooldown(this.target))).isFalse();
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo("1");
    assertThat(hash(previous)).containsEntry("mac", "m0");
  }

  @Test
  void undoWithoutALivingPreviousCodeLeavesNoPointer() {
    var refused = newCodeKey();
    assertThat(send(refused, COOLDOWN)).containsExactly("ok", "");

    assertThat(undo(refused, "")).containsExactly("1");
    assertThat(exists(RedisKeys.latest(this.target))).isFalse();
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo("0");

    // a previous code that expired meanwhile is not revived either
    var again = newCodeKey();
    assertThat(send(again, COOLDOWN)).containsExactly("ok", "");
    assertThat(undo(again, newCodeKey())).containsExactly("1");
    assertThat(exists(RedisKeys.latest(this.target))).isFalse();
    assertThat(exists(again)).isFalse();
  }

  @Test
  void undoLeavesTheLiveCodeOfANewerSendAlone() {
    var refused = newCodeKey();
    var newer = newCodeKey();
    assertThat(send(refused, 0)).containsExactly("ok", "");
    assertThat(send(newer, 0)).containsExactly("ok", refused);

    assertThat(undo(refused, "")).containsExactly("1");

    assertThat(get(RedisKeys.latest(this.target))).isEqualTo(newer);
    assertThat(exists(newer)).isTrue();
    assertThat(exists(refused)).isFalse();
    assertThat(get(RedisKeys.sends(this.target))).isEqualTo("1");
  }

  @Test
  void undoNeverCountsTheHourBelowZero() {
    var refused = newCodeKey();
    assertThat(undo(refused, "")).containsExactly("1");
    assertThat(exists(RedisKeys.sends(this.target))).isFalse();
  }
}
