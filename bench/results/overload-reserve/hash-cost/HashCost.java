import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * What one caller key costs (api/RecentCallers.key): SipHash-2-4 over every character, as first written, against the
 * string's hash code and length SipHashed as one long, as shipped. Each variant over a 21-character bearer (what the
 * bench sends) and a 1,000-character one (a JWT as CloudBase issues them); 2 s of warm-up, then 5 rounds of 1,000,000
 * calls; ns per call and bytes allocated per call. Each call first makes the string from bytes, as Vert.x makes a header
 * value (so no hash code is cached); "copy-only" measures that alone. Run: java -cp guava.jar HashCost.java
 */
public class HashCost {

  static long sink;

  public static void main(String[] args) {
    var sip = Hashing.sipHash24(0x0123456789abcdefL, 0x7edcba9876543210L);
    var shortBearer = "Bearer bench-12345678";
    var longBearer = "Bearer " + "x".repeat(993);
    for (var input : new String[] {shortBearer, longBearer}) {
      var bytes = input.getBytes(StandardCharsets.ISO_8859_1);
      run("copy-only", input, () -> new String(bytes, StandardCharsets.ISO_8859_1).length());
      run("sip-over-chars", input, () -> sip.hashUnencodedChars(new String(bytes, StandardCharsets.ISO_8859_1)).asLong());
      run("hashcode-then-sip", input, () -> {
        var s = new String(bytes, StandardCharsets.ISO_8859_1);
        return sip.hashLong(((long) s.hashCode() << 32) | s.length()).asLong();
      });
    }
  }

  static void run(String label, String input, java.util.function.LongSupplier key) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var end = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end) {
      sink += key.getAsLong();
    }
    for (int round = 0; round < 5; round++) {
      var bytes = threads.getCurrentThreadAllocatedBytes();
      var t0 = System.nanoTime();
      for (int i = 0; i < 1_000_000; i++) {
        sink += key.getAsLong();
      }
      var ns = (System.nanoTime() - t0) / 1e6;
      var allocated = (threads.getCurrentThreadAllocatedBytes() - bytes) / 1e6;
      System.out.printf(java.util.Locale.ROOT, "%-18s %5d chars  %8.1f ns/call  %6.0f bytes/call%n", label,
          input.length(), ns, allocated);
    }
  }
}
