package io.associationgateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU and bytes allocated per flow at fixed rates ({@code --cost-rates}, 250 and 500 flows/s), {@code --cost-reps} (5)
 * repetitions each of {@code --cost-rep-s} (25 s) after a {@code --cost-lead-s} (5 s) lead-in at the same rate, on one
 * freshly started, warmed-up target per variant. Both counters come from the target itself over JMX ({@link Jmx}):
 * process CPU time and the bytes all its threads allocated, divided by the flows completed in the repetition. The
 * variants: the gateway, the floor, and (phase {@code features}) the gateway with the production features on.
 */
final class Cost {

  /** Repetitions of one variant at one rate. */
  record Series(String variant, double rate, List<Meter.Point> reps) {
    List<Double> cpu() {
      return this.reps.stream().map(p -> p.targetCpuMsPerFlow).toList();
    }

    List<Double> alloc() {
      return this.reps.stream().map(p -> p.allocKibPerFlow).toList();
    }
  }

  private final Harness h;
  final Map<String, List<Series>> variants = new LinkedHashMap<>();
  /** Calls the simulator served during the features-on variant, by method and path (TLS, webhooks and spans included). */
  Map<String, Long> featureCalls = Map.of();

  Cost(Harness harness) {
    this.h = harness;
  }

  /** Runs one variant: {@code gateway}, {@code floor} or {@code gateway+features}. */
  void run(Targets.Kind kind, boolean features) throws Exception {
    var o = this.h.options;
    var variant = kind.label() + (features ? "+features" : "");
    var running = features ? this.h.targets.gateway("features", true, List.of(), Map.of()) : this.h.targets.start(kind, "cost");
    var driver = this.h.driver(running, features);
    var series = new ArrayList<Series>();
    var callsBefore = this.h.simulator.calls();
    try (var jmx = Jmx.attach(running.pid())) {
      this.h.warmUp(driver, running);
      if (features) {
        // the warm-up above ran without the features' headers; warm their paths too
        for (var rate : o.doubles("cost-rates")) {
          driver.runOpen(rate, 20_000, 0, o.l("drain-ms"), 100_000);
          this.h.awaitIdle(driver);
        }
      }
      for (var rate : o.doubles("cost-rates")) {
        var reps = new ArrayList<Meter.Point>();
        for (int rep = 1; rep <= o.i("cost-reps"); rep++) {
          // lead-in at the same rate, then the measured repetition right after it (no pause: the target stays in its steady state)
          var point = this.h.meter.accepted(features ? "features" : "cost", running, jmx, () -> {
            this.h.awaitIdle(driver);
            try {
              driver.runOpen(rate, o.l("cost-lead-s") * 1000, 0, 0, 100_000);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }, () -> driver.runOpen(rate, o.l("cost-rep-s") * 1000, 0, o.l("drain-ms"), 100_000));
          point.target = variant;
          point.note = "rate " + rate + ", rep " + rep;
          reps.add(point);
        }
        series.add(new Series(variant, rate, reps));
      }
    } finally {
      driver.close();
      Procs.stop(running.process());
      this.h.flush();
    }
    if (features) {
      var calls = new java.util.TreeMap<String, Long>();
      this.h.simulator.calls().forEach((k, v) -> calls.put(k, v - callsBefore.getOrDefault(k, 0L)));
      this.featureCalls = calls;
      BenchRunner.log("features-on variant: simulator calls %s", calls);
    }
    this.variants.put(variant, series);
  }

  /** {median, min, max}. */
  static double[] spread(List<Double> values) {
    var sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    return new double[] {Capacity.median(sorted), sorted.get(0), sorted.get(sorted.size() - 1)};
  }

  Series series(String variant, double rate) {
    return this.variants.getOrDefault(variant, List.of()).stream().filter(s -> s.rate() == rate).findFirst().orElse(null);
  }

  /** Median CPU (or allocation) of {@code a} ÷ that of {@code b} at {@code rate}; NaN if either is missing. */
  double ratio(String a, String b, double rate, boolean cpu) {
    var sa = series(a, rate);
    var sb = series(b, rate);
    if (sa == null || sb == null) {
      return Double.NaN;
    }
    return spread(cpu ? sa.cpu() : sa.alloc())[0] / spread(cpu ? sb.cpu() : sb.alloc())[0];
  }

  String markdown() {
    var o = this.h.options;
    var out = new StringBuilder("## CPU and allocation per flow at fixed rates\n\n");
    out.append(String.format(Locale.ROOT, "%d repetitions of %d s per rate (each after a %d s lead-in at the same rate), upstream latency %d ms, "
        + "one target per variant (fresh, warmed up with `%s`); CPU = the target's process CPU time, allocation = bytes allocated by all its threads "
        + "(JMX), each ÷ flows completed in the repetition. Median [min – max].%n%n", o.i("cost-reps"), o.i("cost-rep-s"), o.i("cost-lead-s"),
        o.i("latency-ms"), o.get("warmup")));
    out.append("| variant | rate flows/s | CPU ms/flow | allocated KiB/flow | harness CPU ms/flow | p50 ms | p99 ms | errors | points |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (var list : this.variants.values()) {
      for (var s : list) {
        var cpu = spread(s.cpu());
        var alloc = spread(s.alloc());
        var harness = spread(s.reps().stream().map(p -> p.harnessCpuMsPerFlow).toList());
        var p50 = spread(s.reps().stream().map(p -> p.result.flowMillis(50)).toList());
        var p99 = spread(s.reps().stream().map(p -> p.result.flowMillis(99)).toList());
        var errors = s.reps().stream().mapToLong(p -> p.result.errorCount()).sum();
        out.append(String.format(Locale.ROOT, "| %s | %.0f | %.3f [%.3f – %.3f] | %.1f [%.1f – %.1f] | %.3f | %.1f | %.1f | %d | %s |%n", s.variant(), s.rate(),
            cpu[0], cpu[1], cpu[2], alloc[0], alloc[1], alloc[2], harness[0], p50[0], p99[0], errors,
            String.join(", ", s.reps().stream().map(p -> "#" + p.id + (p.rejected.isEmpty() ? "" : " (rejected: " + p.rejected + ")")).toList())));
      }
    }
    if (!this.featureCalls.isEmpty()) {
      out.append("\nCalls the simulator served during the features-on variant (TLS listeners, webhook receiver `/bench/webhook`, OTLP sink "
          + "`/v1/traces`): `").append(this.featureCalls).append("`.\n");
    }
    out.append('\n');
    for (var rate : o.doubles("cost-rates")) {
      var cpu = ratio("gateway", "floor", rate, true);
      var alloc = ratio("gateway", "floor", rate, false);
      var features = ratio("gateway+features", "gateway", rate, true);
      // a ratio whose two sides did not both run (--targets, --phases) is left out, not printed as NaN
      var parts = new ArrayList<String>();
      if (!Double.isNaN(cpu)) {
        parts.add(String.format(Locale.ROOT, "gateway ÷ floor CPU per flow **%.2f×**, allocation per flow **%.2f×**", cpu, alloc));
      }
      if (!Double.isNaN(features)) {
        parts.add(String.format(Locale.ROOT, "features on ÷ plain CPU per flow **%.2f×**", features));
      }
      if (!parts.isEmpty()) {
        out.append(String.format(Locale.ROOT, "- at %.0f flows/s: %s%n", rate, String.join("; ", parts)));
      }
    }
    out.append('\n');
    return out.toString();
  }
}
