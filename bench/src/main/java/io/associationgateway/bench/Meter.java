package io.associationgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Measures one load point around the target and the harness: the target's CPU (and, with a {@link Jmx} probe, its
 * bytes allocated), the harness's own CPU (this JVM: driver and simulator; and redis-server), per-core load, other
 * processes' share of the machine, the target's highest RSS, and the harness's lag: how late the driver launched each
 * flow after its intended start (send lag) and how late the simulator's answer timers fired (timer lag). A point whose
 * harness lag p99 exceeds {@code --max-harness-lag-ms}, or that other processes disturbed by more than
 * {@code --max-foreign-percent}, is rejected and repeated. Every point measured, kept or not, goes to
 * {@link #points()} (points.csv and the histogram log).
 */
final class Meter {

  /** One measured point, with everything the report and the CSV need. */
  static final class Point {
    String phase;
    String target;
    String note = "";
    int attempt;
    boolean kept = true;
    String rejected = "";
    LoadDriver.Result result;
    Histogram timerLag;
    double targetCpuMsPerFlow = Double.NaN;
    double allocKibPerFlow = Double.NaN;
    double harnessCpuMsPerFlow = Double.NaN;
    double targetCorePercent = Double.NaN;
    double harnessCorePercent = Double.NaN;
    double foreignPercent = Double.NaN;
    long rssMaxKib = -1;
    long id;

    double sendLagP99Ms() {
      return this.result.sendLag.getTotalCount() == 0 ? 0 : this.result.sendLag.getValueAtPercentile(99) / 1e6;
    }

    double timerLagP99Ms() {
      return this.timerLag == null || this.timerLag.getTotalCount() == 0 ? 0 : this.timerLag.getValueAtPercentile(99) / 1e6;
    }
  }

  interface Load {
    LoadDriver.Result run() throws Exception;
  }

  private final Options options;
  private final UpstreamSimulator simulator;
  private final long redisPid;
  private final List<Point> points = new ArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "bench-sampler");
    thread.setDaemon(true);
    return thread;
  });

  Meter(Options options, UpstreamSimulator simulator, long redisPid) {
    this.options = options;
    this.simulator = simulator;
    this.redisPid = redisPid;
  }

  List<Point> points() {
    return this.points;
  }

  void close() {
    this.sampler.shutdownNow();
  }

  /** Samples a value every {@code millis} until the returned handle is cancelled; the highest seen. */
  AtomicLong sampleMax(java.util.function.LongSupplier value, long millis, List<java.util.concurrent.Future<?>> handles) {
    var max = new AtomicLong(-1);
    handles.add(this.sampler.scheduleAtFixedRate(() -> max.accumulateAndGet(value.getAsLong(), Math::max), 0, millis, TimeUnit.MILLISECONDS));
    return max;
  }

  private long harnessCpuMillis() {
    return Procs.cpuMillis(ProcessHandle.current().pid()) + Math.max(0, Procs.cpuMillis(this.redisPid));
  }

  /** One measurement of {@code load} on {@code target}, marked (not repeated) when the harness lagged or others disturbed it. */
  Point measure(String phase, Targets.Running target, Jmx jmx, Load load) throws Exception {
    var pid = target.pid();
    this.simulator.timerLag(); // reset the interval
    var targetCore = "cpu" + this.options.get("target-cpus");
    var harnessCore = "cpu" + this.options.get("harness-cpus");
    var cpu0 = jmx != null ? jmx.cpuNanos() : Procs.cpuMillis(pid) * 1_000_000L;
    var alloc0 = jmx != null ? jmx.allocatedBytes() : -1;
    var harness0 = harnessCpuMillis();
    var targetProc0 = Procs.cpuMillis(pid);
    var machine0 = Procs.machineJiffies();
    var tcore0 = Procs.cpuJiffies(targetCore);
    var hcore0 = Procs.cpuJiffies(harnessCore);
    var handles = new ArrayList<java.util.concurrent.Future<?>>();
    var rss = sampleMax(() -> Procs.rssKib(pid), 250, handles);
    LoadDriver.Result result;
    try {
      result = load.run();
    } finally {
      handles.forEach(h -> h.cancel(false));
    }
    var cpu1 = jmx != null ? jmx.cpuNanos() : Procs.cpuMillis(pid) * 1_000_000L;
    var alloc1 = jmx != null ? jmx.allocatedBytes() : -1;
    var harness1 = harnessCpuMillis();
    var targetProc1 = Procs.cpuMillis(pid);
    var machine1 = Procs.machineJiffies();
    var tcore1 = Procs.cpuJiffies(targetCore);
    var hcore1 = Procs.cpuJiffies(harnessCore);
    var point = new Point();
    point.phase = phase;
    point.target = target.kind().label();
    point.result = result;
    point.timerLag = this.simulator.timerLag();
    point.rssMaxKib = rss.get();
    if (result.ok > 0) {
      point.targetCpuMsPerFlow = (cpu1 - cpu0) / 1e6 / result.ok;
      point.harnessCpuMsPerFlow = (harness1 - harness0) / (double) result.ok;
      if (alloc0 >= 0 && alloc1 >= 0) {
        point.allocKibPerFlow = (alloc1 - alloc0) / 1024.0 / result.ok;
      }
    }
    if (tcore1[1] > tcore0[1]) {
      point.targetCorePercent = 100.0 * (tcore1[0] - tcore0[0]) / (tcore1[1] - tcore0[1]);
    }
    if (hcore1[1] > hcore0[1]) {
      point.harnessCorePercent = 100.0 * (hcore1[0] - hcore0[0]) / (hcore1[1] - hcore0[1]);
    }
    if (machine1[1] > machine0[1]) {
      // jiffies are 10 ms; the processes' CPU ms are counted in the same ticks
      var known = Math.max(0, targetProc1 - targetProc0) + (harness1 - harness0);
      point.foreignPercent = Math.max(0, 100.0 * ((machine1[0] - machine0[0]) * 10.0 - known) / ((machine1[1] - machine0[1]) * 10.0));
    }
    var reasons = new ArrayList<String>();
    var maxLag = this.options.d("max-harness-lag-ms");
    if (point.sendLagP99Ms() > maxLag) {
      reasons.add(String.format(Locale.ROOT, "send lag p99 %.1f ms", point.sendLagP99Ms()));
    }
    if (point.timerLagP99Ms() > maxLag) {
      reasons.add(String.format(Locale.ROOT, "timer lag p99 %.1f ms", point.timerLagP99Ms()));
    }
    if (point.foreignPercent > this.options.d("max-foreign-percent")) {
      reasons.add(String.format(Locale.ROOT, "other processes %.0f %%", point.foreignPercent));
    }
    point.rejected = String.join("; ", reasons);
    point.attempt = 1;
    synchronized (this.points) {
      point.id = this.points.size() + 1;
      this.points.add(point);
    }
    BenchRunner.log("%s %s #%d: %s | target %.3f ms CPU/flow%s, core %.0f %% | harness %.3f ms CPU/flow, core %.0f %%, send lag p99 %.2f ms, "
        + "timer lag p99 %.2f ms | other processes %.0f %% | RSS max %d MiB", phase, point.target, point.id, result, point.targetCpuMsPerFlow,
        Double.isNaN(point.allocKibPerFlow) ? "" : String.format(Locale.ROOT, ", %.1f KiB allocated/flow", point.allocKibPerFlow), point.targetCorePercent,
        point.harnessCpuMsPerFlow, point.harnessCorePercent, point.sendLagP99Ms(), point.timerLagP99Ms(), point.foreignPercent, point.rssMaxKib / 1024);
    return point;
  }

  /**
   * {@link #measure}, repeated (up to {@code --retries} times) while the harness lagged (send or timer lag p99 over
   * {@code --max-harness-lag-ms}) or other processes disturbed the point; {@code before} runs before every attempt
   * (e.g. waiting for the previous flows to drain).
   */
  Point accepted(String phase, Targets.Running target, Jmx jmx, Runnable before, Load load) throws Exception {
    Point point = null;
    for (int attempt = 1; attempt <= this.options.i("retries") + 1; attempt++) {
      before.run();
      point = measure(phase, target, jmx, load);
      point.attempt = attempt;
      if (point.rejected.isEmpty()) {
        return point;
      }
      if (attempt <= this.options.i("retries")) {
        point.kept = false;
        BenchRunner.log("%s %s #%d rejected (%s): repeating", phase, point.target, point.id, point.rejected);
      } else {
        BenchRunner.log("%s %s #%d disturbed (%s) after %d attempt(s): kept, marked", phase, point.target, point.id, point.rejected, attempt);
      }
    }
    // kept, but marked: the report shows why
    return point;
  }
}
