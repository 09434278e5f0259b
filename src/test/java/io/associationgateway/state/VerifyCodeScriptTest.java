package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.Refusal;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code verify-code.lua}, one case per reply branch: a code stored as {@code send-target.lua} stores it, checked with
 * the four keys {@link PendingCodeStore#verify} gives (code, token, the target's failures and live-code pointer).
 */
@QuarkusTest
class VerifyCodeScriptTest extends ScriptTest {

  private static final long DAY = 86_400_000L;
  private static final long CODE_TTL = 600_000L;
  private static final long TOKEN_TTL = 900_000L;
  private static final int MAX_TRIES = 3;
  private static final int FAILURE_CAP = 5;

  private ContactTarget target;
  private String bucket;
  private String code;
  private String token;

  @BeforeEach
  void storeALiveCode() {
    this.target = newPhone();
    this.bucket = RedisKeys.bucket(this.target);
    this.code = RedisKeys.code(this.bucket, RedisKeys.VERIFICATION_ID_PREFIX + this.bucket + UUID.randomUUID());
    this.token = RedisKeys.verificationToken(this.bucket, RedisKeys.VERIFICATION_TOKEN_PREFIX + this.bucket + UUID.randomUUID());
    storeCode(this.code, "0");
    set(RedisKeys.latest(this.target), this.code, CODE_TTL);
  }

  private void storeCode(String key, String attempts) {
    var fields = new HashMap<>(Map.of("mac", "right-mac", "attempts", attempts, "target", this.target.value(), "channel", "PHONE",
        "user", "user-1", "purpose", "BIND"));
    fields.put(PendingCodeStore.FAILURES_FIELD, RedisKeys.failures(this.target));
    fields.put(PendingCodeStore.LATEST_FIELD, RedisKeys.latest(this.target));
    putHash(key, fields, CODE_TTL);
  }

  private List<String> keys() {
    return List.of(this.code, this.token, RedisKeys.failures(this.target), RedisKeys.latest(this.target));
  }

  private List<String> verify(String mac) {
    return run(PendingCodeStore.VERIFY, keys(), mac, MAX_TRIES, TOKEN_TTL, FAILURE_CAP);
  }

  @Test
  void theRightCodeBecomesATokenAndTheCodeItsFailuresAndPointerGo() {
    set(RedisKeys.failures(this.target), "2", DAY);

    var reply = runParsed(PendingCodeStore.VERIFY, VerifyCodeReply::parse, keys(), "right-mac", MAX_TRIES, TOKEN_TTL, FAILURE_CAP);

    assertThat(reply).isEqualTo(new VerifyCodeReply.Verified());
    assertThat(hash(this.token)).containsExactlyInAnyOrderEntriesOf(
        Map.of("target", this.target.value(), "channel", "PHONE", "user", "user-1", "purpose", "BIND"));
    assertThat(pttl(this.token)).isBetween(TOKEN_TTL - 10_000, TOKEN_TTL);
    assertThat(exists(this.code)).isFalse();
    assertThat(exists(RedisKeys.failures(this.target))).isFalse();
    assertThat(exists(RedisKeys.latest(this.target))).isFalse();
  }

  @Test
  void aWrongCodeCostsATryOfTheCodeAndOfTheTarget() {
    assertThat(verify("wrong-mac")).containsExactly("wrong", "2");

    assertThat(hash(this.code)).containsEntry("attempts", "1");
    assertThat(get(RedisKeys.failures(this.target))).isEqualTo("1");
    assertThat(pttl(RedisKeys.failures(this.target))).isBetween(DAY - 10_000, DAY);
    assertThat(exists(this.token)).isFalse();
    assertThat(VerifyCodeReply.parse(verify("wrong-mac"))).isEqualTo(new VerifyCodeReply.Wrong(1));
  }

  @Test
  void theTriesLeftAreTheFewerOfTheCodesAndTheTargets() {
    set(RedisKeys.failures(this.target), "3", DAY);

    // the code has 2 more tries, the target only 1
    assertThat(verify("wrong-mac")).containsExactly("wrong", "1");
    assertThat(verify("wrong-mac")).containsExactly("wrong", "0");
  }

  @Test
  void aCodeWithItsTriesUsedUpIsExhaustedEvenWhenRight() {
    storeCode(this.code, String.valueOf(MAX_TRIES));

    assertThat(verify("right-mac")).containsExactly("exhausted");
    assertThat(VerifyCodeReply.parse(List.of("exhausted"))).isEqualTo(new VerifyCodeReply.Exhausted());
    assertThat(exists(this.token)).isFalse();
    assertThat(hash(this.code)).containsEntry("attempts", String.valueOf(MAX_TRIES));
  }

  @Test
  void aLockedTargetRefusesWithTheLocksRestAndCountsNothing() {
    set(RedisKeys.failures(this.target), String.valueOf(FAILURE_CAP), 70_000);

    var reply = verify("right-mac");

    assertThat(reply).hasSize(2).first().isEqualTo("locked");
    assertThat(Long.parseLong(reply.get(1))).isBetween(60_000L, 70_000L);
    assertThat(VerifyCodeReply.parse(reply).outcome().refusal())
        .extracting(Refusal::scope, Refusal::kind).containsExactly(Refusal.Scope.TARGET, Refusal.Kind.LOCKOUT);
    assertThat(exists(this.token)).isFalse();
    assertThat(hash(this.code)).containsEntry("attempts", "0");
    assertThat(get(RedisKeys.failures(this.target))).isEqualTo(String.valueOf(FAILURE_CAP));
  }

  @Test
  void anUnknownCodeIsMissing() {
    this.redis.key().del(this.code);

    assertThat(verify("right-mac")).containsExactly("missing");
    assertThat(exists(this.token)).isFalse();
    assertThat(exists(RedisKeys.failures(this.target))).isFalse();
  }

  @Test
  void aCodeThePointerNoLongerNamesIsMissingAndUntouched() {
    set(RedisKeys.latest(this.target), this.code + "-newer", CODE_TTL);

    assertThat(verify("right-mac")).containsExactly("missing");
    assertThat(verify("wrong-mac")).containsExactly("missing");
    assertThat(hash(this.code)).containsEntry("attempts", "0");
    assertThat(exists(this.token)).isFalse();
    assertThat(exists(RedisKeys.failures(this.target))).isFalse();
  }

  @Test
  void keysThatAreNotTheCodesOwnAreMissing() {
    // the same tag (one cluster slot), but not the keys the code names
    var sameSlot = List.of(this.code, this.token, RedisKeys.failures(this.target) + "x", RedisKeys.latest(this.target));
    assertThat(run(PendingCodeStore.VERIFY, sameSlot, "right-mac", MAX_TRIES, TOKEN_TTL, FAILURE_CAP)).containsExactly("missing");
    assertThat(exists(this.token)).isFalse();
    assertThat(exists(this.code)).isTrue();
  }
}
