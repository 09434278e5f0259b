package io.associationgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The soak (README, Reliability): a long steady load on the gateway, then no load while the keys expire. */
final class Soak {

  private final Harness h;
  private final String commandLine;

  Soak(Harness harness, String commandLine) {
    this.h = harness;
    this.commandLine = commandLine;
  }

  /** Counts keys without a TTL and keys per kind ({@code gw:<kind>:}), in one server-side pass. */
  private static final String KEY_CENSUS = "local kinds, nottl = {}, 0 "
      + "for _, k in ipairs(redis.call('KEYS', 'gw:*')) do "
      + "local kind = string.match(k, '^gw:([a-z]+)') or 'other'; kinds[kind] = (kinds[kind] or 0) + 1; "
      + "if redis.call('PTTL', k) == -1 then nottl = nottl + 1 end end "
      + "local out = {'nottl', tostring(nottl)} for kind, n in pairs(kinds) do table.insert(out, kind); table.insert(out, tostring(n)) end "
      + "return out";

  private Map<String, Long> keyCensus() throws IOException {
    var reply = Procs.output(List.of("redis-cli", "-p", Integer.toString(this.h.redisPort), "EVAL", KEY_CENSUS, "0"), 60).strip().split("\\s+");
    var census = new TreeMap<String, Long>();
    for (int i = 0; i + 1 < reply.length; i += 2) {
      census.put(reply[i], Long.parseLong(reply[i + 1]));
    }
    return census;
  }

  /**
   * The soak: the gateway (pinned, image flags) under a steady Poisson load ({@code --soak-rate} flows/s) for
   * {@code --soak-minutes}, sampled every 10 s (flows, errors, p99, RSS, Redis keys by kind, keys without TTL); then
   * {@code --soak-after-s} without load, sampled the same way, to watch the short-lived keys expire. Flow TTLs are the
   * defaults unless {@code --D} overrides them. Writes results/soak.md.
   */
  void run() throws Exception {
    var o = this.h.options;
    var rate = o.d("soak-rate");
    var minutes = o.i("soak-minutes");
    var running = this.h.targets.gateway("soak", false, List.of(), Map.of());
    var pid = running.pid();
    var driver = this.h.driver(running, false);
    this.h.warmUp(driver, running);
    var rows = new ArrayList<String>();
    var baseline = keyCensus();
    long flows = 0;
    long errors = 0;
    var t0 = System.nanoTime();
    try {
      for (int slice = 0; slice < minutes * 6; slice++) {
        var r = driver.runOpen(rate, 10_000, 0, 2_000, 100_000);
        flows += r.ok;
        errors += r.errorCount();
        var census = keyCensus();
        rows.add(String.format(Locale.ROOT, "| %.0f | load | %d | %d | %.1f | %d | %d | %d | %s |", (System.nanoTime() - t0) / 1e9, r.ok,
            r.errorCount(), r.flowMillis(99), Procs.rssKib(pid) / 1024, census.values().stream().mapToLong(Long::longValue).sum()
                - census.getOrDefault("nottl", 0L), census.getOrDefault("nottl", 0L), kinds(census)));
        BenchRunner.log("soak %s  [%s]", rows.get(rows.size() - 1), r);
      }
      for (int i = 0; i < o.i("soak-after-s") / 10; i++) {
        Thread.sleep(10_000);
        var census = keyCensus();
        rows.add(String.format(Locale.ROOT, "| %.0f | idle | 0 | 0 | – | %d | %d | %d | %s |", (System.nanoTime() - t0) / 1e9, Procs.rssKib(pid) / 1024,
            census.values().stream().mapToLong(Long::longValue).sum() - census.getOrDefault("nottl", 0L), census.getOrDefault("nottl", 0L), kinds(census)));
        BenchRunner.log("soak %s", rows.get(rows.size() - 1));
      }
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
    var out = new StringBuilder();
    out.append("# Soak run\n\nWritten by `").append(this.commandLine).append("` on ").append(java.time.Instant.now()).append(".\n\n");
    out.append(String.format(Locale.ROOT, "Gateway (prod profile, image flags `%s`, pinned to one core) at **%.0f flows/s** (Poisson arrivals, upstream "
        + "latency %d ms) for %d min, then %d s without load. Flows: %d completed, **%d errors (%.4f %%)**. Redis keys at start: %s.%n%n",
        String.join(" ", this.h.targets.imageFlags()), rate, o.i("latency-ms"), minutes, o.i("soak-after-s"), flows, errors,
        flows == 0 ? 0.0 : 100.0 * errors / (flows + errors), baseline));
    out.append("| t s | phase | flows ok (10 s) | errors | p99 ms | gateway RSS MiB | Redis keys | keys without TTL | keys by kind |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    rows.forEach(row -> out.append(row).append('\n'));
    Files.writeString(this.h.results.resolve("soak.md"), out.toString());
    BenchRunner.log("soak: %d flows, %d errors; results/soak.md", flows, errors);
  }

  private static String kinds(Map<String, Long> census) {
    var text = new StringBuilder();
    census.forEach((kind, n) -> {
      if (!kind.equals("nottl")) {
        text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ').append(n);
      }
    });
    return text.toString();
  }
}
