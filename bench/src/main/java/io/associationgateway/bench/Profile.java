package io.associationgateway.bench;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/** JFR profiles of the targets at a fixed rate ({@code --profile-rate}), summarised by {@link JfrSummary}. */
final class Profile {

  private final Harness h;

  Profile(Harness harness) {
    this.h = harness;
  }

  /**
   * JFR of the gateway or the floor at {@code rate} flows/s with scenario A's upstream latency. The recording runs from JVM
   * start ({@code -XX:StartFlightRecording=settings=profile,maxage=...}: starting it later with {@code jcmd JFR.start}
   * retransforms JDK classes for the I/O events and deoptimises the warm JIT code, which alone tipped the gateway into
   * overload); after a warm-up, the last {@code maxage} seconds, the measured load, are dumped with {@code jcmd JFR.dump}.
   */
  String profile(Targets.Kind kind) throws Exception {
    var name = kind.label();
    var rate = this.h.options.d("profile-rate");
    this.h.simulator.latencyMillis(this.h.options.i("latency-ms"));
    var seconds = 20;
    var flags = List.of("-XX:StartFlightRecording=name=bench,settings=profile,disk=true,maxage=" + (seconds + 2) + "s");
    var running = kind == Targets.Kind.GATEWAY ? this.h.targets.gateway("jfr", false, flags, java.util.Map.of()) : this.h.targets.floor("jfr", flags);
    var driver = this.h.driver(running, false);
    var recording = this.h.work.resolve(name + "-profile.jfr");
    Files.deleteIfExists(recording);
    var pid = running.process().pid();
    Meter.Point point;
    try {
      this.h.warmUp(driver, running);
      point = this.h.meter.accepted("profile", running, null, () -> this.h.awaitIdle(driver), () -> driver.runOpen(rate, seconds * 1000L, 2_000, 5_000, 20_000));
      BenchRunner.log("JFR %s: %s", name, Procs.output(List.of("jcmd", Long.toString(pid), "JFR.dump", "name=bench", "filename=" + recording), 30)
          .strip().replace('\n', ' '));
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
    if (!Files.exists(recording)) {
      return "JFR recording of the " + name + " was not written (" + recording + ")\n";
    }
    var r = point.result;
    var title = String.format(Locale.ROOT, "%s at %.0f flows/s offered (after the fixed warm-up), pinned to one core, upstream %d ms, %d s: "
        + "achieved %.1f flows/s, p50 %.1f ms, p99 %.1f ms, %.2f ms CPU per flow, errors %s", name, rate, this.h.options.i("latency-ms"), seconds,
        r.achieved, r.flowMillis(50), r.flowMillis(99), point.targetCpuMsPerFlow, Report.errors(r));
    var summary = JfrSummary.summarize(recording, title, Math.max(1, seconds - 2));
    Files.writeString(this.h.results.resolve("jfr-" + name + ".md"), "# JFR profile of the " + name + " under scenario A load\n\n"
        + "Recording: `bench/target/bench-run/" + recording.getFileName() + "` (not committed); `jfr summary` and "
        + "`jfr print --events jdk.ExecutionSample` read it.\n\n" + summary);
    return summary;
  }

}
