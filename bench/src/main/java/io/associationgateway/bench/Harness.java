package io.associationgateway.bench;

import java.io.IOException;
import java.nio.file.Path;
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

  /** The fixed warm-up of a freshly started target ({@code --warmup}), the same whatever is measured next. */
  void warmUp(LoadDriver driver, Targets.Running target) throws Exception {
    this.simulator.latencyMillis(this.options.i("latency-ms"));
    for (var step : this.options.list("warmup")) {
      var parts = step.split(":");
      var warm = driver.runOpen(Double.parseDouble(parts[0]), Long.parseLong(parts[1]) * 1000, 0, this.options.l("drain-ms"), 100_000);
      BenchRunner.log("warm-up %s: %s", target.kind().label(), warm);
      awaitIdle(driver);
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
