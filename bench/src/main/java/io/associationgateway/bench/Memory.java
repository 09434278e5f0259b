package io.associationgateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Memory per request in flight and under overload, scenario B (upstream latency {@code --heap-latency-ms}, 500 ms):
 * <ul>
 * <li><b>Live heap slope:</b> closed-loop runs at {@code --heap-concurrency} (500, 1,000, 2,000, 4,000) flows in
 * flight; in the second half of each, {@code --heap-gcs} full collections with the bytes still reachable at each
 * ({@code jcmd <pid> GC.class_histogram}, see {@link #liveHeapKib}); the median per level, then the least-squares
 * slope over the levels = live heap per request in flight. The gateway's overload gate is raised to {@code --heap-max-in-flight} for
 * these runs only (the shipped 2,048 would refuse part of 4,000). The first part of each run (before any collection)
 * gives scenario B's throughput: achieved ÷ ideal, ideal = concurrency ÷ (5 × latency).</li>
 * <li><b>Peak RSS under overload:</b> the shipped configuration under B × {@code --overload-factor} (2,600 flows in
 * flight), VmRSS sampled every 100 ms, against the pod's memory limit.</li>
 * </ul>
 */
final class Memory {

  /** The histogram's last line: {@code Total <instances> <bytes>}. */
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

  /**
   * A histogram row of the JVM's filler objects ({@code jdk.internal.vm.FillerObject}, {@code FillerElement[]}): dead space
   * the collector leaves in place and formats as an object so the heap stays parsable, e.g. what SerialGC's full
   * collection chooses not to compact away ({@code -XX:MarkSweepDeadRatio}). Nothing references them.
   */
  private static final Pattern FILLER = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+\\[?L?jdk\\.internal\\.vm\\.Filler\\w+;?\\s");

  /** One concurrency level. */
  record Level(String target, int concurrency, Meter.Point point, List<Long> liveKib) {
    long medianLiveKib() {
      var sorted = this.liveKib.stream().sorted().toList();
      return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
  }

  private final Harness h;
  final Map<String, List<Level>> levels = new LinkedHashMap<>();
  final Map<String, Long> restLiveKib = new LinkedHashMap<>();
  final Map<String, Meter.Point> overload = new LinkedHashMap<>();

  Memory(Harness harness) {
    this.h = harness;
  }

  /**
   * Live heap (KiB): the bytes of every object still reachable at a full collection, from {@code jcmd GC.class_histogram},
   * which collects and then counts at the same safepoint; -1 if unreadable. Not "heap used" from a second {@code jcmd}
   * after {@code GC.run}: the program under load goes on allocating between the two (a few hundred ms of attaching), and
   * that garbage counted as live, the more the faster the program ran ({@code MemoryTest}). The collector's fillers are
   * not counted ({@link #liveBytes}).
   */
  static long liveHeapKib(long pid) {
    var bytes = liveBytes(Procs.output(List.of("jcmd", Long.toString(pid), "GC.class_histogram"), 60));
    return bytes < 0 ? -1 : bytes / 1024;
  }

  /**
   * The bytes of the objects a class histogram counts, without the collector's fillers ({@link #FILLER}), or -1 if it
   * has no total. Counted, they made a reading up to 4 MiB larger at random: SerialGC leaves more or less dead space in
   * place at each full collection.
   */
  static long liveBytes(String histogram) {
    var total = TOTAL.matcher(histogram);
    if (!total.find()) {
      return -1;
    }
    var bytes = Long.parseLong(total.group(1));
    var filler = FILLER.matcher(histogram);
    while (filler.find()) {
      bytes -= Long.parseLong(filler.group(1));
    }
    return bytes;
  }

  void run(Targets.Kind kind) throws Exception {
    var o = this.h.options;
    var running = kind == Targets.Kind.GATEWAY
        ? this.h.targets.gateway("memory", false, List.of(), Map.of("gateway.overload.max-in-flight", o.get("heap-max-in-flight")))
        : this.h.targets.floor("memory", List.of());
    var driver = this.h.driver(running, false);
    var list = new ArrayList<Level>();
    try {
      this.h.warmUp(driver, running);
      this.restLiveKib.put(kind.label(), liveHeapKib(running.pid()));
      this.h.simulator.latencyMillis(o.i("heap-latency-ms"));
      var durationMs = o.l("heap-s") * 1000;
      for (var concurrency : o.list("heap-concurrency").stream().map(Integer::parseInt).toList()) {
        var live = new ArrayList<Long>();
        // not repeated on harness lag: the jcmd calls below run on the harness core and lag it by design; the lag is still recorded
        this.h.awaitIdle(driver);
        var point = this.h.meter.measure("memory", running, null, () -> {
          // B's throughput over [7 s, half the run); the full collections in the second half
          var half = durationMs / 2;
          var run = CompletableFuture.supplyAsync(() -> {
            try {
              return driver.runClosed(concurrency, durationMs, 7_000, 2_000, o.l("drain-ms"), half - 7_000);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
          Harness.sleep(half + 1_000);
          var gcs = o.i("heap-gcs");
          var gap = Math.max(500, (durationMs - half - 3_000) / Math.max(1, gcs));
          for (int i = 0; i < gcs; i++) {
            live.add(liveHeapKib(running.pid()));
            Harness.sleep(gap);
          }
          return run.get();
        });
        point.note = concurrency + " in flight";
        list.add(new Level(kind.label(), concurrency, point, new ArrayList<>(live)));
        BenchRunner.log("memory %s at %d in flight: live heap after full GC %s KiB", kind.label(), concurrency, live);
      }
    } finally {
      this.h.simulator.latencyMillis(o.i("latency-ms"));
      driver.close();
      Procs.stop(running.process());
      this.h.flush();
    }
    this.levels.put(kind.label(), list);
  }

  /** B × overload-factor against the shipped configuration: the peak RSS. */
  void overload(Targets.Kind kind) throws Exception {
    var o = this.h.options;
    var running = this.h.targets.start(kind, "overload");
    var driver = this.h.driver(running, false);
    try {
      this.h.warmUp(driver, running);
      this.h.simulator.latencyMillis(o.i("heap-latency-ms"));
      var concurrency = (int) Math.round(o.i("b-concurrency") * o.d("overload-factor"));
      var handles = new ArrayList<java.util.concurrent.Future<?>>();
      var rss = this.h.meter.sampleMax(() -> Procs.rssKib(running.pid()), 100, handles);
      Meter.Point point;
      try {
        point = this.h.meter.accepted("overload", running, null, () -> this.h.awaitIdle(driver),
            () -> driver.runClosed(concurrency, o.l("overload-s") * 1000, 7_000, 2_000, o.l("drain-ms")));
      } finally {
        handles.forEach(f -> f.cancel(false));
      }
      point.rssMaxKib = Math.max(point.rssMaxKib, rss.get());
      point.note = concurrency + " in flight";
      this.overload.put(kind.label(), point);
    } finally {
      this.h.simulator.latencyMillis(o.i("latency-ms"));
      driver.close();
      Procs.stop(running.process());
      this.h.flush();
    }
  }

  /** {slope KiB per request, intercept KiB} by least squares over the levels. */
  double[] slope(String target) {
    var list = this.levels.getOrDefault(target, List.of()).stream().filter(l -> l.medianLiveKib() >= 0).toList();
    if (list.size() < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double n = list.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (var l : list) {
      double x = l.concurrency();
      double y = l.medianLiveKib();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    var slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {slope, (sy - slope * sx) / n};
  }

  /** The slope as {@code markdown()} states it; a run of one level (e.g. B alone) has none. */
  static String slopeText(double[] fit) {
    return Double.isNaN(fit[0]) ? "no slope (fewer than two levels read)"
        : String.format(Locale.ROOT, "**%.1f KiB per request in flight** (least squares; intercept %.0f KiB)", fit[0], fit[1]);
  }

  /** Scenario B's achieved ÷ ideal at {@code --b-concurrency}. */
  double bEfficiency(String target) {
    var o = this.h.options;
    return this.levels.getOrDefault(target, List.of()).stream().filter(l -> l.concurrency() == o.i("b-concurrency")).findFirst()
        .map(l -> l.point().result.achieved / (l.concurrency() / (5 * o.i("heap-latency-ms") / 1000.0))).orElse(Double.NaN);
  }

  String markdown() {
    var o = this.h.options;
    var latency = o.i("heap-latency-ms");
    var out = new StringBuilder("## Memory: live heap per request in flight, scenario B, overload\n\n");
    out.append(String.format(Locale.ROOT, "Closed loop, upstream latency %d ms (5 calls on the critical path: ideal = concurrency ÷ %.1f s), %d s per level; "
        + "B's throughput over 7 s – %d s, then %d full collections, each with the bytes still reachable at it (`jcmd GC.class_histogram`). "
        + "Gateway's overload gate raised to %s for these runs only.%n%n", latency, 5 * latency / 1000.0, o.i("heap-s"), o.i("heap-s") / 2, o.i("heap-gcs"),
        o.get("heap-max-in-flight")));
    out.append("| target | in flight | achieved flows/s | ÷ ideal | p50 ms | p99 ms | errors | live heap after full GC, KiB (median) | RSS max MiB | point |\n"
        + "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (var list : this.levels.values()) {
      for (var l : list) {
        var r = l.point().result;
        var ideal = l.concurrency() / (5 * latency / 1000.0);
        out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f %% | %.0f | %.0f | %s | %d %s | %d | #%d%s |%n", l.target(), l.concurrency(), r.achieved,
            100 * r.achieved / ideal, r.flowMillis(50), r.flowMillis(99), Report.errors(r), l.medianLiveKib(), l.liveKib(), l.point().rssMaxKib / 1024,
            l.point().id, l.point().rejected.isEmpty() ? "" : " (rejected: " + l.point().rejected + ")"));
      }
    }
    out.append('\n');
    for (var target : this.levels.keySet()) {
      var fit = slope(target);
      out.append(String.format(Locale.ROOT, "- %s: %s; live heap at rest after the warm-up %d KiB; B at %d in flight: %.1f %% of ideal%n", target,
          slopeText(fit), this.restLiveKib.getOrDefault(target, -1L), o.i("b-concurrency"), 100 * bEfficiency(target)));
    }
    if (!this.overload.isEmpty()) {
      var pod = o.i("pod-memory-mib");
      out.append(String.format(Locale.ROOT, "%nPeak RSS under B × %.1f (shipped configuration, VmRSS every 100 ms) against the pod limit of %d MiB:%n%n"
          + "| target | in flight offered | peak RSS MiB | ÷ pod limit | achieved flows/s | errors | point |%n|---|---:|---:|---:|---:|---|---:|%n",
          o.d("overload-factor"), pod));
      this.overload.forEach((target, p) -> out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f %% | %.1f | %s | #%d |%n", target, p.note,
          p.rssMaxKib / 1024, 100.0 * p.rssMaxKib / 1024 / pod, p.result.achieved, Report.errors(p.result), p.id)));
      out.append('\n');
    }
    return out.toString();
  }
}
