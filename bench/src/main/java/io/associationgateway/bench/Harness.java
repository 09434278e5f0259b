package io.associationgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;

/** What every phase uses: options, the simulator, Redis, the launcher, the meter, and the load driver's helpers. */
final class Harness {

  final Options options;
  final Vertx vertx;
  final UpstreamSimulator simulator;
  final Targets targets;
  final Meter meter;
  final int redisPort;
  final Path results;
  final Path work;
  final AtomicLong sequence = new AtomicLong();
  /** Every warm-up's settling, in order, for the report. */
  final List<Warmup> warmups = new CopyOnWriteArrayList<>();

  /** One settled (or not) warm-up: seconds of settling, the JIT's total compile seconds, its share of the last slice. */
  record Warmup(String target, double settleSeconds, double jitSeconds, double lastSlicePercent, boolean settled) {
  }

  Harness(Options options, Vertx vertx, UpstreamSimulator simulator, Targets targets, Meter meter, int redisPort, Path results, Path work) {
    this.options = options;
    this.vertx = vertx;
    this.simulator = simulator;
    this.targets = targets;
    this.meter = meter;
    this.redisPort = redisPort;
    this.results = results;
    this.work = work;
  }

  LoadDriver driver(Targets.Running target, boolean features) {
    return new LoadDriver(this.vertx, "127.0.0.1", target.port(), this.simulator, this.sequence, this.options.i("driver-connections"),
        this.options.i("request-timeout-ms"), features);
  }

  /**
   * The warm-up of a freshly started target, the same whatever is measured next: the fixed {@code --warmup} steps, then
   * the highest step's rate ({@link #settleRate}) in {@code --warmup-settle-slice-s} slices until the target's JIT
   * compiled for less than {@code --warmup-settle-jit-percent} % of a slice (at most {@code --warmup-settle-max-s}). On
   * one core the JIT competes with the program for the core for minutes after start; a point measured before it has
   * settled measures the compiler.
   */
  void warmUp(LoadDriver driver, Targets.Running target) throws Exception {
    this.simulator.latencyMillis(this.options.i("latency-ms"));
    var steps = this.options.list("warmup");
    for (var step : steps) {
      var parts = step.split(":");
      var warm = driver.runOpen(Double.parseDouble(parts[0]), Long.parseLong(parts[1]) * 1000, 0, this.options.l("drain-ms"), 100_000);
      BenchRunner.log("warm-up %s: %s", target.kind().label(), warm);
      awaitIdle(driver);
    }
    var rate = settleRate(steps);
    var sliceMillis = this.options.l("warmup-settle-slice-s") * 1000;
    var limitPercent = this.options.d("warmup-settle-jit-percent");
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.options.l("warmup-settle-max-s"));
    var pid = target.process().pid();
    var jit = jitSeconds(pid);
    var began = System.nanoTime();
    while (true) {
      var start = System.nanoTime();
      driver.runOpen(rate, sliceMillis, 0, this.options.l("drain-ms"), 100_000);
      awaitIdle(driver);
      var now = jitSeconds(pid);
      var percent = 100.0 * (now - jit) / ((System.nanoTime() - start) / 1e9);
      jit = now;
      var settled = percent < limitPercent;
      if (settled || System.nanoTime() >= deadline) {
        BenchRunner.log("warm-up %s: JIT %.1f %% of the last slice at %.0f flows/s, %.1f s compiling since start: %s", target.kind().label(),
            percent, rate, now, settled ? "settled" : "NOT settled within --warmup-settle-max-s");
        this.warmups.add(new Warmup(target.kind().label(), (System.nanoTime() - began) / 1e9, now, percent, settled));
        return;
      }
    }
  }

  /**
   * The rate the warm-up settles at: the highest of the fixed steps. At a lower rate the JIT settles on the paths that
   * rate makes hot and compiles again once the measurement runs faster (settled at 20 flows/s, the gateway then compiled
   * for another 14 s within 4 minutes at 85 flows/s: bench/results/harness-fixes), so the measurement would pay for the compiler.
   */
  static double settleRate(List<String> steps) {
    return steps.stream().mapToDouble(step -> Double.parseDouble(step.split(":")[0])).max().orElseThrow();
  }

  /** The target's total JIT compile time in seconds, read by {@code jstat -compiler} from its perf data (nothing runs inside it). */
  static double jitSeconds(long pid) {
    var lines = Procs.output(List.of("jstat", "-compiler", Long.toString(pid)), 10).strip().split("\\R");
    var columns = lines[lines.length - 1].trim().split("\\s+");
    try {
      return Double.parseDouble(columns[3]);
    } catch (RuntimeException unreadable) {
      throw new IllegalStateException("jstat -compiler " + pid + " answered: " + String.join(" / ", lines), unreadable);
    }
  }

  /** Waits (at most 60 s) until the driver has no flow in flight. */
  void awaitIdle(LoadDriver driver) {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (driver.inFlight() == 0) {
          return;
        }
        Thread.sleep(50);
      } catch (java.util.concurrent.TimeoutException busy) {
        BenchRunner.log("the driver's event loop did not answer within 5 s (harness overloaded?)");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Empties Redis between targets, so that no run sees another's keys. */
  void flush() throws IOException {
    Procs.redis(this.redisPort, "FLUSHALL");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
