package io.associationgateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Capacity per core: the highest Poisson arrival rate the target, pinned to one core, sustains for {@code --cap-point-s}
 * (60 s) with no error and a whole-flow p99 ≤ {@code --cap-p99-ms} (150 ms: 50 ms over the 5 × 20 ms upstream calls),
 * found by bisection until (fail − pass) ÷ pass ≤ {@code --cap-precision} (3 %). Each search starts a fresh target and
 * gives it the fixed warm-up first. {@code --cap-runs} searches per target, interleaved (gateway, floor, floor, gateway,
 * gateway, floor), so that a slow drift of the machine touches both alike; the median counts. A probe that can no
 * longer pass (any error, or more slow flows than the p99 allows over the whole window) stops early.
 */
final class Capacity {

  /** One search: its result and its probes. */
  record Search(String target, int run, double capacity, double failedAt, List<Meter.Point> probes) {
  }

  private final Harness h;
  final Map<String, List<Search>> searches = new LinkedHashMap<>();

  Capacity(Harness harness) {
    this.h = harness;
  }

  void run(List<Targets.Kind> kinds) throws Exception {
    var order = new ArrayList<Targets.Kind>();
    var runs = this.h.options.i("cap-runs");
    // gateway, floor, floor, gateway, gateway, floor, ...
    for (int i = 0; i < runs; i++) {
      var list = new ArrayList<>(kinds);
      if (i % 2 == 1) {
        java.util.Collections.reverse(list);
      }
      order.addAll(list);
    }
    for (var kind : order) {
      var previous = this.searches.getOrDefault(kind.label(), List.of());
      var search = search(kind, previous.size() + 1, previous.isEmpty() ? Double.NaN : previous.get(previous.size() - 1).capacity());
      this.searches.computeIfAbsent(kind.label(), k -> new ArrayList<>()).add(search);
      this.h.flush();
    }
  }

  private boolean passes(Meter.Point point) {
    return passes(point.result, this.h.options.d("cap-p99-ms"));
  }

  /**
   * A probe passes when it ran its whole window without an error, its whole-flow p99 is within the bound, and it
   * completed at least 97 % of the flows that <em>arrived</em> in its window. Not 97 % of the nominal rate: the seeded
   * Poisson draw of one rate can put 2–3 % fewer arrivals in a 60 s window, which would fail a probe the target served
   * in full.
   */
  static boolean passes(LoadDriver.Result r, double p99Millis) {
    return !r.aborted && r.errorCount() == 0 && r.flowMillis(99) <= p99Millis && r.completedShare() >= 0.97;
  }

  private Search search(Targets.Kind kind, int run, double hint) throws Exception {
    var o = this.h.options;
    var running = this.h.targets.start(kind, "capacity-" + run);
    var driver = this.h.driver(running, false);
    var probes = new ArrayList<Meter.Point>();
    try {
      this.h.warmUp(driver, running);
      var pointMs = o.l("cap-point-s") * 1000;
      var leadMs = o.l("cap-lead-s") * 1000;
      var p99 = o.l("cap-p99-ms");
      java.util.function.DoubleFunction<Boolean> probe = rate -> {
        try {
          var point = this.h.meter.accepted("capacity", running, null, () -> {
            this.h.awaitIdle(driver);
            Harness.sleep(2000);
          }, () -> driver.runOpen(rate, leadMs + pointMs, leadMs, o.l("drain-ms"), 100_000, p99, 0.99));
          point.note = "search " + run;
          probes.add(point);
          return passes(point);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      double pass = 0;
      double fail = Double.POSITIVE_INFINITY;
      var first = Double.isNaN(hint);
      var factor = first ? o.d("cap-factor") : 1.1;
      var rate = first ? o.d("cap-start") : hint;
      // bracket
      while (fail == Double.POSITIVE_INFINITY || pass == 0) {
        if (probe.apply(rate)) {
          pass = rate;
          if (fail == Double.POSITIVE_INFINITY) {
            rate = rate * factor;
          }
        } else {
          fail = rate;
          if (pass == 0) {
            rate = rate / factor;
            if (rate < 10) {
              break;
            }
          }
        }
        if (pass > 0 && fail < Double.POSITIVE_INFINITY) {
          break;
        }
      }
      // bisect
      while (pass > 0 && fail < Double.POSITIVE_INFINITY && (fail - pass) / pass > o.d("cap-precision")) {
        var mid = (pass + fail) / 2;
        if (probe.apply(mid)) {
          pass = mid;
        } else {
          fail = mid;
        }
      }
      BenchRunner.log("capacity %s search %d: %.0f flows/s (fails at %.0f)", kind.label(), run, pass, fail);
      return new Search(kind.label(), run, pass, fail, probes);
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    var n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double medianOf(String target) {
    return median(this.searches.getOrDefault(target, List.of()).stream().map(Search::capacity).toList());
  }

  String markdown() {
    var o = this.h.options;
    var out = new StringBuilder("## Capacity per core\n\n");
    out.append(String.format(Locale.ROOT, "Highest Poisson arrival rate sustained for %d s (after %d s unmeasured) with 0 errors and whole-flow p99 ≤ %d ms "
        + "(upstream latency %d ms × 5 calls), by bisection to ≤ %.0f %%, on one pinned core; %d searches per target, interleaved, each on a freshly "
        + "started target after the fixed warm-up (`%s`).%n%n", o.i("cap-point-s"), o.i("cap-lead-s"), o.i("cap-p99-ms"), o.i("latency-ms"),
        100 * o.d("cap-precision"), o.i("cap-runs"), o.get("warmup")));
    out.append("| target | search | capacity flows/s | lowest failing rate | probes |\n|---|---:|---:|---:|---|\n");
    this.searches.values().stream().flatMap(List::stream).sorted(java.util.Comparator.comparing(Search::target).thenComparing(Search::run)).forEach(s ->
        out.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %s |%n", s.target(), s.run(), s.capacity(), s.failedAt(),
            String.join(", ", s.probes().stream().map(p -> String.format(Locale.ROOT, "%.0f%s (#%d)", p.result.offered,
                passes(p) ? " ok" : " fail", p.id)).toList()))));
    for (var target : this.searches.keySet()) {
      out.append(String.format(Locale.ROOT, "%n**%s: median %.0f flows/s** (%s).", target, medianOf(target),
          this.searches.get(target).stream().map(s -> String.format(Locale.ROOT, "%.0f", s.capacity())).toList()));
    }
    out.append("\n\nEvery probe (rate, latency percentiles, CPU, harness lag, rejections) is a row of `points.csv` (phase `capacity`), its histogram in "
        + "`histograms.hlog` under the same id.\n\n");
    return out.toString();
  }
}
