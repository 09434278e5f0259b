package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The overload gate's memory of callers answered lately: a window, two entries per bucket, the older one replaced. */
class RecentCallersTest {

  private static final long WINDOW = 600;

  /** Keys that share a bucket (same low bits) and differ in their tag (high bits). */
  private static long sameBucket(int i) {
    return ((long) i << 40) | 0x1234L;
  }

  @Test
  void aCallerIsRememberedForTheWindowAfterItsLastSuccess() {
    var recent = new RecentCallers(WINDOW);
    var key = recent.key("Bearer at-1");
    assertThat(recent.contains(key, 1_000)).isFalse();

    recent.remember(key, 1_000);
    assertThat(recent.contains(key, 1_000)).isTrue();
    assertThat(recent.contains(key, 1_000 + WINDOW - 1)).isTrue();
    assertThat(recent.contains(key, 1_000 + WINDOW)).isFalse();

    // each success starts the window again
    recent.remember(key, 1_500);
    assertThat(recent.contains(key, 1_500 + WINDOW - 1)).isTrue();
    assertThat(recent.contains(recent.key("Bearer at-2"), 1_500)).isFalse();
  }

  @Test
  void keysAreKeyedPerProcess() {
    var one = new RecentCallers(WINDOW);
    var other = new RecentCallers(WINDOW);
    assertThat(one.key("device-1")).isEqualTo(one.key("device-1")).isNotEqualTo(one.key("device-2"));
    // another start draws another SipHash key, so a caller's entry lies elsewhere
    assertThat(one.key("device-1")).isNotEqualTo(other.key("device-1"));
  }

  @Test
  void aFullBucketGivesUpItsOlderEntry() {
    var recent = new RecentCallers(WINDOW);
    recent.remember(sameBucket(1), 100);
    recent.remember(sameBucket(2), 200);
    // refreshing 1 keeps it in its own entry and leaves 2 where it is
    recent.remember(sameBucket(1), 300);
    assertThat(recent.contains(sameBucket(1), 300)).isTrue();
    assertThat(recent.contains(sameBucket(2), 300)).isTrue();

    // a third caller takes the entry answered longest ago: 2's
    recent.remember(sameBucket(3), 400);
    assertThat(recent.contains(sameBucket(3), 400)).isTrue();
    assertThat(recent.contains(sameBucket(1), 400)).isTrue();
    assertThat(recent.contains(sameBucket(2), 400)).isFalse();
  }

  @Test
  void otherBucketsAreUntouched() {
    var recent = new RecentCallers(WINDOW);
    recent.remember(sameBucket(1), 100);
    recent.remember(sameBucket(1) + 2, 100);
    recent.remember(sameBucket(2) + 2, 100);
    recent.remember(sameBucket(3) + 2, 100);
    assertThat(recent.contains(sameBucket(1), 100)).isTrue();
    assertThat(recent.contains(sameBucket(2), 100)).as("same bucket as 1, other tag").isFalse();
  }

  @Test
  void theWindowMustFitTheClock() {
    assertThatThrownBy(() -> new RecentCallers(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RecentCallers(1L << 23)).isInstanceOf(IllegalArgumentException.class);
  }
}
