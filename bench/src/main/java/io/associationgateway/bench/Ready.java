package io.associationgateway.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Ready time and RSS at rest: {@code --ready-runs} (5) starts of the gateway as the pod starts it (pinned core, image
 * flags), each timed from {@code ProcessBuilder.start()} to the first 200 on {@code /q/health/ready} (polled every
 * 5 ms); then {@code --rest-traffic-s} of traffic at the first cost rate, {@code --rest-after-s} without, and VmRSS
 * (at rest after traffic). The median of each counts.
 */
final class Ready {

  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  record Start(long readyMillis, String quarkusSeconds, long rssReadyKib, long rssAfterTrafficKib, String errors) {
  }

  private final Harness h;
  final List<Start> starts = new ArrayList<>();

  Ready(Harness harness) {
    this.h = harness;
  }

  void run() throws Exception {
    var o = this.h.options;
    for (int i = 1; i <= o.i("ready-runs"); i++) {
      var running = this.h.targets.gateway("ready-" + i, false, List.of(), java.util.Map.of());
      try {
        var rssReady = Procs.rssKib(running.pid());
        var driver = this.h.driver(running, false);
        this.h.simulator.latencyMillis(o.i("latency-ms"));
        var traffic = driver.runOpen(o.doubles("cost-rates").get(0), o.l("rest-traffic-s") * 1000, 0, o.l("drain-ms"), 100_000);
        this.h.awaitIdle(driver);
        driver.close();
        Harness.sleep(o.l("rest-after-s") * 1000);
        var rssAfter = Procs.rssKib(running.pid());
        var matcher = STARTED.matcher(Files.readString(running.log()));
        this.starts.add(new Start(running.readyMillis(), matcher.find() ? matcher.group(1) : "?", rssReady, rssAfter, Report.errors(traffic)));
        BenchRunner.log("ready %d: %d ms, RSS %d MiB when ready, %d MiB at rest after traffic", i, running.readyMillis(), rssReady / 1024, rssAfter / 1024);
      } finally {
        Procs.stop(running.process());
      }
    }
    this.h.flush();
  }

  long medianReadyMillis() {
    return median(this.starts.stream().map(Start::readyMillis).toList());
  }

  long medianRestKib() {
    return median(this.starts.stream().map(Start::rssAfterTrafficKib).toList());
  }

  private static long median(List<Long> values) {
    var sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  String markdown() {
    var o = this.h.options;
    var out = new StringBuilder("## Ready time and RSS at rest (gateway, JVM mode, as the pod starts it)\n\n");
    out.append(String.format(Locale.ROOT, "From `ProcessBuilder.start()` to the first 200 on `/q/health/ready` (Redis up, polled every 5 ms); RSS = VmRSS "
        + "when ready, and at rest %d s after %d s of traffic at %.0f flows/s.%n%n", o.i("rest-after-s"), o.i("rest-traffic-s"), o.doubles("cost-rates").get(0)));
    out.append("| start | ready ms | Quarkus \"started in\" s | RSS when ready MiB | RSS at rest after traffic MiB | traffic errors |\n|---:|---:|---:|---:|---:|---|\n");
    for (int i = 0; i < this.starts.size(); i++) {
      var s = this.starts.get(i);
      out.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %d | %s |%n", i + 1, s.readyMillis(), s.quarkusSeconds(), s.rssReadyKib() / 1024,
          s.rssAfterTrafficKib() / 1024, s.errors()));
    }
    out.append(String.format(Locale.ROOT, "| **median** | **%d** | | | **%d** | |%n%n", medianReadyMillis(), medianRestKib() / 1024));
    return out.toString();
  }
}
