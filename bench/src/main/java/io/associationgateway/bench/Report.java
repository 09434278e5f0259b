package io.associationgateway.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes one run's artefacts into the results folder: {@code summary.md} (the headline table against the issue's
 * targets, then every phase's table), {@code points.csv} (every measured point, kept or rejected, with its id),
 * {@code histograms.hlog} (each point's whole-flow latency, send-lag and timer-lag histograms, HdrHistogram log
 * format, tagged {@code p<id>.flow}, {@code p<id>.sendlag}, {@code p<id>.timerlag}) and {@code capacity.svg}.
 */
final class Report {

  private final Harness h;
  private final String commandLine;
  private final String conditionsBefore;

  Report(Harness harness, String commandLine, String conditionsBefore) {
    this.h = harness;
    this.commandLine = commandLine;
    this.conditionsBefore = conditionsBefore;
  }

  static String errors(LoadDriver.Result r) {
    if (r.errorCount() == 0) {
      return "0";
    }
    var parts = new ArrayList<String>();
    r.errors.forEach((k, v) -> parts.add(k + " × " + v));
    if (r.unfinished > 0) {
      parts.add("unfinished × " + r.unfinished);
    }
    if (r.dropped > 0) {
      parts.add("not started (driver cap) × " + r.dropped);
    }
    return String.join(", ", parts);
  }

  static String conditions() {
    var load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException ignored) {
      // unknown
    }
    var others = Procs.output(List.of("pgrep", "-fa", "maven|surefire|quarkus:dev"), 5).lines()
        .filter(l -> !l.contains("bench.jar") && !l.contains("pgrep")).count();
    return "load average " + load + (others > 0 ? ", **" + others + " other Maven/Quarkus build process(es) running**" : ", no other Maven build running");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "**no**";
  }

  void write(Ready ready, Capacity capacity, Cost cost, Memory memory, String profiles) throws IOException {
    var o = this.h.options;
    var md = new StringBuilder("# Benchmark results\n\n");
    if (!o.get("label").isBlank()) {
      md.append("**").append(o.get("label")).append("**\n\n");
    }
    md.append("Written by `").append(this.commandLine).append("` on ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(".\n\n");
    md.append("## Machine and setup\n\n").append(machine());
    md.append("| conditions | at start: ").append(this.conditionsBefore).append("; at end: ").append(conditions()).append(" |\n\n");
    md.append(setup());
    md.append(headline(ready, capacity, cost, memory));
    md.append(harness());
    if (ready != null) {
      md.append(ready.markdown());
    }
    if (capacity != null) {
      md.append(capacity.markdown()).append("![p99 of every capacity probe](capacity.svg)\n\n");
      chart(capacity);
    }
    if (cost != null) {
      md.append(cost.markdown());
    }
    if (memory != null) {
      md.append(memory.markdown());
    }
    if (profiles != null) {
      md.append("## Profiles (JFR)\n\n").append(profiles.replace("### ", "#### ")).append('\n');
    }
    Files.writeString(this.h.results.resolve("summary.md"), md.toString());
    csv();
    histograms();
    BenchRunner.log("wrote %s", this.h.results.resolve("summary.md"));
  }

  private String headline(Ready ready, Capacity capacity, Cost cost, Memory memory) {
    var o = this.h.options;
    var rows = new ArrayList<String>();
    if (capacity != null) {
      var g = capacity.medianOf("gateway");
      var fl = capacity.medianOf("floor");
      rows.add(f("| capacity per core, p99 ≤ %d ms, gateway ÷ floor (medians of %d) | %.1f %% (%.0f ÷ %.0f flows/s) | ≥ 75 %% | %s |", o.i("cap-p99-ms"),
          o.i("cap-runs"), 100 * g / fl, g, fl, met(g / fl >= 0.75)));
      rows.add(f("| capacity per core, gateway, absolute | %.0f flows/s | ≥ 1,000 flows/s | %s |", g, met(g >= 1000)));
    }
    if (cost != null) {
      for (var rate : o.doubles("cost-rates")) {
        var cpu = cost.ratio("gateway", "floor", rate, true);
        if (!Double.isNaN(cpu)) {
          rows.add(f("| CPU per flow at %.0f flows/s, gateway ÷ floor (medians of %d) | %.2f× | ≤ 1.4× | %s |", rate, o.i("cost-reps"), cpu, met(cpu <= 1.4)));
        }
        var alloc = cost.ratio("gateway", "floor", rate, false);
        if (!Double.isNaN(alloc)) {
          rows.add(f("| bytes allocated per flow at %.0f flows/s, gateway ÷ floor | %.2f× | – | |", rate, alloc));
        }
        var features = cost.ratio("gateway+features", "gateway", rate, true);
        if (!Double.isNaN(features)) {
          rows.add(f("| CPU per flow at %.0f flows/s, production features on ÷ plain | %.2f× | ≤ 1.15× | %s |", rate, features, met(features <= 1.15)));
        }
      }
    }
    if (memory != null) {
      var slope = memory.slope("gateway");
      if (!Double.isNaN(slope[0])) {
        rows.add(f("| live heap per request in flight, gateway (B slope) | %.1f KB | ≤ 20 KB | %s |", slope[0] * 1.024, met(slope[0] * 1.024 <= 20)));
      }
      var over = memory.overload.get("gateway");
      if (over != null) {
        var share = over.rssMaxKib / 1024.0 / o.i("pod-memory-mib");
        rows.add(f("| peak RSS, B × %.1f, shipped flags, gateway | %d MiB (%.0f %% of %d MiB) | ≤ 80 %% of the pod limit | %s |", o.d("overload-factor"),
            over.rssMaxKib / 1024, 100 * share, o.i("pod-memory-mib"), met(share <= 0.8)));
      }
      var gb = memory.bEfficiency("gateway");
      var fb = memory.bEfficiency("floor");
      if (!Double.isNaN(gb) && !Double.isNaN(fb)) {
        rows.add(f("| scenario B achieved ÷ ideal, gateway ÷ floor | %.1f %% (%.1f %% ÷ %.1f %%) | ≥ 97 %% | %s |", 100 * gb / fb, 100 * gb, 100 * fb,
            met(gb / fb >= 0.97)));
      }
    }
    if (ready != null && !ready.starts.isEmpty()) {
      rows.add(f("| ready, JVM mode, as the pod starts it (median of %d) | %d ms | ≤ 1,000 ms | %s |", ready.asTheImage().size(), ready.medianReadyMillis(),
          met(ready.medianReadyMillis() <= 1000)));
      if (!ready.withoutCache().isEmpty()) {
        rows.add(f("| ready without the image's AOT cache (median of %d) | %d ms | – | |", ready.withoutCache().size(),
            ready.medianReadyMillisWithoutCache()));
      }
      rows.add(f("| RSS at rest after traffic (median) | %d MiB | – | |", ready.medianRestKib() / 1024));
    }
    return "## Figures against the targets (issue 17)\n\n| figure | measured | target | met |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n\n";
  }

  private String harness() {
    var points = this.h.meter.points();
    if (points.isEmpty()) {
      return "";
    }
    var rejected = points.stream().filter(p -> !p.kept).count();
    var keptRejected = points.stream().filter(p -> p.kept && !p.rejected.isEmpty()).count();
    var maxSend = points.stream().filter(p -> p.kept).mapToDouble(Meter.Point::sendLagP99Ms).max().orElse(0);
    var maxTimer = points.stream().filter(p -> p.kept).mapToDouble(Meter.Point::timerLagP99Ms).max().orElse(0);
    var maxForeign = points.stream().filter(p -> p.kept).mapToDouble(p -> p.foreignPercent).filter(d -> !Double.isNaN(d)).max().orElse(0);
    var maxHarnessCore = points.stream().filter(p -> p.kept).mapToDouble(p -> p.harnessCorePercent).filter(d -> !Double.isNaN(d)).max().orElse(0);
    return f("## The harness\n\n%d points measured; %d rejected and repeated (harness lag p99 over %s ms, or other processes over %s %% of the machine)%s. "
        + "Live-heap points (memory phase) are marked but never repeated: their `jcmd` calls run on the harness core. "
        + "Over the points kept: send lag p99 at most %.2f ms, timer lag p99 at most %.2f ms, other processes at most %.0f %% of the machine, the harness "
        + "core at most %.0f %% busy. Per point: `points.csv`.%n%n", points.size(), rejected, this.h.options.get("max-harness-lag-ms"),
        this.h.options.get("max-foreign-percent"), keptRejected == 0 ? "" : f("; **%d kept although disturbed (after every retry, or in the memory phase; marked in the tables and `points.csv`)**",
            keptRejected), maxSend, maxTimer, maxForeign, maxHarnessCore) + warmups();
  }

  /** Each freshly started target's settling after the fixed warm-up steps (Harness.warmUp). */
  private String warmups() {
    if (this.h.warmups.isEmpty()) {
      return "";
    }
    var rows = new StringBuilder();
    for (var w : this.h.warmups) {
      rows.append(f("| %s | %.0f | %.1f | %.1f | %s |%n", w.target(), w.settleSeconds(), w.jitSeconds(), w.lastSlicePercent(),
          w.settled() ? "yes" : "**no**"));
    }
    return f("Warm-up of each freshly started target: the fixed steps `%s`, then the highest step's rate until the JIT compiled for less than %s %% of a "
        + "%s s slice (at most %s s).%n%n| target | settling s | JIT compile s since start | JIT %% of the last slice | settled |%n|---|---:|---:|---:|---|%n%s%n",
        this.h.options.get("warmup"), this.h.options.get("warmup-settle-jit-percent"), this.h.options.get("warmup-settle-slice-s"),
        this.h.options.get("warmup-settle-max-s"), rows);
  }

  private String setup() throws IOException {
    var o = this.h.options;
    var out = new StringBuilder();
    out.append(f("- **Program under test** (the gateway or the floor, one at a time, each phase on a freshly started process): pinned to CPU %s "
        + "(`taskset`), `-XX:ActiveProcessorCount=1` (the pod's 1-CPU limit), `-XX:MaxRAM=%dm` (the pod's memory limit, which "
        + "`MaxRAMPercentage` reads), then the image's flags `@src/main/docker/jvm.args`: `%s`.%n", o.get("target-cpus"), o.i("pod-memory-mib"),
        String.join(" ", this.h.targets.imageFlags())));
    out.append(f("- **Harness** on CPU %s (this runner's affinity: %s): the runner JVM (Poisson load driver and upstream simulator, 2 Vert.x event loops) "
        + "and `redis-server --save '' --appendonly no`.%n", o.get("harness-cpus"), Procs.ownCpus()));
    out.append("- **Gateway**: `-Dquarkus.profile=prod`, upstreams at the simulator, dummy SMS credentials, wide policy limits (every flow comes from "
        + "127.0.0.1), `quarkus.vertx.max-event-loop-execute-time=100ms`; full command lines in `bench/target/bench-run/*-command.txt`.");
    var overrides = o.gatewayProperties();
    out.append(overrides.isEmpty() ? " No other overrides.\n" : " Overrides: `" + overrides + "`.\n");
    out.append("- **Floor**: `io.associationgateway.bench.Floor`, bare Vert.x with the same Redis commands and scripts, crypto, upstream calls, E.164 "
        + "normalisation (libphonenumber), one log line per step and 2 s Redis deadline; continuations on the caller's event loop.\n");
    out.append("- **Flows**: sudo → send → verify → bind, each a new user and a new number; 5 upstream calls per flow; latency from each flow's intended "
        + "(Poisson) start.\n\n");
    return out.toString();
  }

  private String machine() {
    var cpu = "?";
    var mem = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
      mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
    } catch (IOException ignored) {
      // unknown
    }
    var root = this.h.targets.gatewayJar().getParent().getParent().getParent().toString();
    var commit = Procs.output(List.of("git", "-C", root, "rev-parse", "--short", "HEAD"), 5).strip();
    var dirty = Procs.output(List.of("git", "-C", root, "status", "--porcelain", "--", "src", "pom.xml"), 5).strip();
    String built;
    try {
      built = Files.getLastModifiedTime(this.h.targets.gatewayJar().getParent().resolve("app")).toString();
    } catch (IOException e) {
      built = "?";
    }
    long cores;
    try {
      cores = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
    } catch (IOException e) {
      cores = -1;
    }
    return f("| | |%n|---|---|%n| CPU | %d cores (%s) |%n| memory | %s |%n| OS | %s %s |%n| Java | %s (%s) |%n| Redis | %s |%n"
        + "| gateway build | commit %s%s, quarkus-app built %s |%n", cores, cpu, mem, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        Procs.output(List.of("redis-server", "--version"), 5).strip(), commit, dirty.isEmpty() ? "" : " + uncommitted changes in src/ or pom.xml", built);
  }

  private void csv() throws IOException {
    var csv = new StringBuilder("id,phase,target,note,attempt,kept,rejected,mode,offered,achieved,ok,aborted,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,errors,"
        + "target_cpu_ms_per_flow,alloc_kib_per_flow,harness_cpu_ms_per_flow,target_core_pct,harness_core_pct,other_processes_pct,rss_max_mib,"
        + "send_lag_p99_ms,timer_lag_p99_ms,arrivals_in_window" + stepColumns() + "\n");
    for (var p : this.h.meter.points()) {
      var r = p.result;
      csv.append(f("%d,%s,%s,\"%s\",%d,%s,\"%s\",%s,%.1f,%.1f,%d,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%.4f,%.2f,%.4f,%.1f,%.1f,%.1f,%d,%.3f,%.3f", p.id, p.phase,
          p.target, p.note, p.attempt, p.kept && p.rejected.isEmpty(), p.rejected, r.mode, r.offered, r.achieved, r.okInWindow, r.aborted, r.flowMillis(50),
          r.flowMillis(90), r.flowMillis(99), r.flowMillis(99.9), r.flowMillis(100), r.errorCount(), p.targetCpuMsPerFlow, p.allocKibPerFlow,
          p.harnessCpuMsPerFlow, p.targetCorePercent, p.harnessCorePercent, p.foreignPercent, p.rssMaxKib / 1024, p.sendLagP99Ms(), p.timerLagP99Ms()));
      csv.append(',').append(r.arrivalsInWindow);
      for (int step = 0; step < LoadDriver.STEPS.length; step++) {
        csv.append(f(",%.2f,%.2f", r.stepMillis(step, 50), r.stepMillis(step, 99)));
      }
      csv.append('\n');
    }
    Files.writeString(this.h.results.resolve("points.csv"), csv.toString());
  }

  /** Per step of a flow (its request, from the moment it was issued; the first from the flow's intended start): p50 and p99. */
  private static String stepColumns() {
    var columns = new StringBuilder();
    for (var step : LoadDriver.STEPS) {
      columns.append(",").append(step).append("_p50_ms,").append(step).append("_p99_ms");
    }
    return columns.toString();
  }

  private void histograms() throws IOException {
    try (var out = new PrintStream(Files.newOutputStream(this.h.results.resolve("histograms.hlog")), false, StandardCharsets.UTF_8)) {
      var writer = new HistogramLogWriter(out);
      writer.outputComment("one run of bench/run.sh; values in ns; tags p<id>.flow (whole flow), p<id>.sendlag, p<id>.timerlag; ids as in points.csv");
      writer.outputLogFormatVersion();
      writer.outputLegend();
      for (var p : this.h.meter.points()) {
        var flow = p.result.flow.copy();
        flow.setTag("p" + p.id + ".flow");
        writer.outputIntervalHistogram(p.id, p.id + 1, flow, 1e6);
        var send = p.result.sendLag.copy();
        send.setTag("p" + p.id + ".sendlag");
        writer.outputIntervalHistogram(p.id, p.id + 1, send, 1e6);
        if (p.timerLag != null) {
          var timer = p.timerLag.copy();
          timer.setTag("p" + p.id + ".timerlag");
          writer.outputIntervalHistogram(p.id, p.id + 1, timer, 1e6);
        }
      }
    }
  }

  private void chart(Capacity capacity) throws IOException {
    var series = new ArrayList<Svg.Series>();
    var colors = new String[] {"#1f77b4", "#d62728", "#2ca02c"};
    var i = 0;
    for (var entry : capacity.searches.entrySet()) {
      var points = entry.getValue().stream().flatMap(s -> s.probes().stream()).filter(p -> p.result.flow.getTotalCount() > 0)
          .sorted(java.util.Comparator.comparingDouble(p -> p.result.offered)).map(p -> new Svg.Point(p.result.offered, p.result.flowMillis(99))).toList();
      series.add(new Svg.Series(entry.getKey() + " p99", colors[i++ % colors.length], false, points));
    }
    var max = capacity.searches.values().stream().flatMap(List::stream).flatMap(s -> s.probes().stream()).mapToDouble(p -> p.result.offered).max().orElse(1);
    var bound = this.h.options.d("cap-p99-ms");
    series.add(new Svg.Series("bound", "#999999", true, List.of(new Svg.Point(0, bound), new Svg.Point(max, bound))));
    Files.writeString(this.h.results.resolve("capacity.svg"), Svg.lineChart("Capacity probes: whole-flow p99 over offered Poisson rate (one core)",
        "offered flows/s", "p99 ms", true, series));
  }
}
