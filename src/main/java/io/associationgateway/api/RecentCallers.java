package io.associationgateway.api;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLongArray;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * The callers this replica answered with a success lately, so that {@link OverloadGate} can tell the next step of a
 * flow already under way from a new flow. A fixed table in memory: {@value #SLOTS} entries of 8 bytes (1 MiB), no lock,
 * no Redis round trip, nothing allocated by the table (a key's SipHash allocates about 190 bytes); each entry holds 40
 * bits of a keyed hash of the caller's key and the second it was last answered. Two entries per bucket; a new caller
 * takes the empty or the older one, so under heavy churn the oldest callers are forgotten first (at 2,000 new flows a
 * second a caller is remembered for about a minute after its last success, at 200 for the whole window). Forgetting a
 * caller only takes its priority away.
 *
 * <p>The hash is SipHash-2-4 with a key from {@link SecureRandom} drawn at start, so where a caller's entry lies differs
 * from one start to the next; no token or device id is kept.
 */
final class RecentCallers {

  /** Entries in the table: a power of two, two per bucket. */
  static final int SLOTS = 1 << 17;

  private static final int TIME_BITS = 24;
  private static final long TIME_MASK = (1L << TIME_BITS) - 1;

  private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
  private final HashFunction hash;
  private final long windowSeconds;

  /** {@code windowSeconds}: how long after its last success a caller is remembered (at most 2^23 s, 97 days). */
  RecentCallers(long windowSeconds) {
    if (windowSeconds < 1 || windowSeconds >= 1L << (TIME_BITS - 1)) {
      throw new IllegalArgumentException("gateway.overload.flow-window: 1 s to 97 days, not " + windowSeconds + " s");
    }
    this.windowSeconds = windowSeconds;
    var random = new SecureRandom();
    this.hash = Hashing.sipHash24(random.nextLong(), random.nextLong());
  }

  /**
   * The key of a caller (a device id or a bearer token): its {@link String#hashCode()} and length, SipHashed with the
   * process's key. The JDK computes a string's hash code with vector instructions, about 0.1 ns a character; SipHash over
   * every character of a 1 KB bearer took microseconds per request. Two callers share a key only when both their hash
   * code and length match (one in 2^32 for callers of one length), and then one of them only gains the other's priority.
   */
  long key(String caller) {
    return this.hash.hashLong(((long) caller.hashCode() << 32) | caller.length()).asLong();
  }

  /** Whether {@code key} was {@link #remember remembered} less than the window before {@code nowSeconds}. */
  boolean contains(long key, long nowSeconds) {
    var first = bucket(key);
    var tag = tag(key);
    return fresh(this.slots.get(first), tag, nowSeconds) || fresh(this.slots.get(first + 1), tag, nowSeconds);
  }

  /**
   * Marks {@code key} as answered at {@code nowSeconds}: its own entry if it has one, else the bucket's empty or older
   * entry. Two event loops writing one bucket at once may lose one of the writes; that caller then only loses priority.
   */
  void remember(long key, long nowSeconds) {
    var first = bucket(key);
    var tag = tag(key);
    var entry = tag | (nowSeconds & TIME_MASK);
    var a = this.slots.get(first);
    var b = this.slots.get(first + 1);
    int target;
    if (a != 0 && (a & ~TIME_MASK) == tag) {
      target = first;
    } else if (b != 0 && (b & ~TIME_MASK) == tag) {
      target = first + 1;
    } else if (a == 0 || (b != 0 && age(a, nowSeconds) >= age(b, nowSeconds))) {
      target = first;
    } else {
      target = first + 1;
    }
    this.slots.set(target, entry);
  }

  private boolean fresh(long entry, long tag, long nowSeconds) {
    return entry != 0 && (entry & ~TIME_MASK) == tag && age(entry, nowSeconds) < this.windowSeconds;
  }

  /**
   * Seconds since the entry was written, modulo 2^24 s (194 days): an entry left untouched that long may read as young
   * again, which only gives its caller priority it no longer needs.
   */
  private static long age(long entry, long nowSeconds) {
    return (nowSeconds - entry) & TIME_MASK;
  }

  /** The bucket from the hash's low bits; the tag from its 40 high bits, so the two are independent. */
  private static int bucket(long key) {
    return (int) key & (SLOTS - 2);
  }

  /** Never 0, so an empty entry (0) matches no caller. */
  private static long tag(long key) {
    var tag = key & ~TIME_MASK;
    return tag == 0 ? 1L << TIME_BITS : tag;
  }
}
