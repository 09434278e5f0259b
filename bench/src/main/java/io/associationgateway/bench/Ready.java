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

  record Start(long readyMillis, String quarkusSeconds, long rssReadyKib, long rssAfterTrafficKib, String errors, boolean cache) {
  }

  private final Harness h;
  final List<Start> starts = new ArrayList<>();

  Ready(Harness harness) {
    this.h = harness;
  }

  void run() throws Exception {
    var o = this.h.options;
    var compare = o.get("aot-cache").equals("true");
    for (int n = 1; n <= o.i("ready-runs") * (compare ? 2 : 1); n++) {
      // with the cache (as the image starts) and, interleaved, without it
      var cache = compare && n % 2 == 1;
      var i = compare ? (n + 1) / 2 : n;
      var tag = "ready-" + i + (compare && !cache ? "-without-cache" : "");
      var running = this.h.targets.gateway(tag, false, cache ? List.of() : List.of(Targets.WITHOUT_CACHE), java.util.Map.of());
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
        this.starts.add(new Start(running.readyMillis(), matcher.find() ? matcher.group(1) : "?", rssReady, rssAfter, Report.errors(traffic),
            cache));
        BenchRunner.log("%s: %d ms, RSS %d MiB when ready, %d MiB at rest after traffic", tag, running.readyMillis(), rssReady / 1024, rssAfter / 1024);
      } finally {
        Procs.stop(running.process());
      }
    }
    this.h.flush();
  }

  /** As the image starts the gateway (with its AOT cache unless {@code --aot-cache false}). */
  List<Start> asTheImage() {
    var withCache = this.h.options.get("aot-cache").equals("true");
    return this.starts.stream().filter(s -> s.cache() == withCache).toList();
  }

  /** The comparison starts without the cache (none with {@code --aot-cache false}). */
  List<Start> withoutCache() {
    return this.h.options.get("aot-cache").equals("true") ? this.starts.stream().filter(s -> !s.cache()).toList() : List.of();
  }

  long medianReadyMillis() {
    return median(asTheImage().stream().map(Start::readyMillis).toList());
  }

  long medianReadyMillisWithoutCache() {
    return median(withoutCache().stream().map(Start::readyMillis).toList());
  }

  long medianRestKib() {
    return median(asTheImage().stream().map(Start::rssAfterTrafficKib).toList());
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
    out.append("With the image's AOT cache (`-XX:AOTCache`, made by the Dockerfile's training start) unless `--aot-cache false`; "
        + "each start with it is followed by one without it, for comparison.\n\n");
    out.append("| start | AOT cache | ready ms | Quarkus \"started in\" s | RSS when ready MiB | RSS at rest after traffic MiB | traffic errors |\n"
        + "|---:|---|---:|---:|---:|---:|---|\n");
    for (int i = 0; i < this.starts.size(); i++) {
      var s = this.starts.get(i);
      out.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %d | %d | %s |%n", i + 1, s.cache() ? "yes" : "no", s.readyMillis(), s.quarkusSeconds(),
          s.rssReadyKib() / 1024, s.rssAfterTrafficKib() / 1024, s.errors()));
    }
    out.append(String.format(Locale.ROOT, "| **median, as the image starts** | | **%d** | | | **%d** | |%n", medianReadyMillis(), medianRestKib() / 1024));
    if (!withoutCache().isEmpty()) {
      out.append(String.format(Locale.ROOT, "| median without the cache | | %d | | | %d | |%n", medianReadyMillisWithoutCache(),
          median(withoutCache().stream().map(Start::rssAfterTrafficKib).toList()) / 1024));
    }
    out.append("\n");
    return out.toString();
  }
}
