package io.associationgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Runs the suite's phases ({@code --phases}) and writes one run's artefacts ({@link Report}). Starts and stops by PID
 * everything it needs, all on 127.0.0.1: a redis-server, the upstream simulator (in this JVM, with the load driver),
 * the packaged gateway and the floor (their own JVMs, pinned to their own core: {@link Targets}). Which phase measures
 * what: {@link Ready}, {@link Capacity}, {@link Cost}, {@link Memory}, {@link Profile}, {@link Soak}; how a point is
 * measured and when it is rejected: {@link Meter}. Usage: {@code bench/run.sh [--key value ...]}; {@code --help}
 * lists the options.
 */
public final class BenchRunner {

  private BenchRunner() {
  }

  public static void main(String[] args) throws Exception {
    var given = new LinkedHashMap<>(Options.parse(args));
    if (given.containsKey("help")) {
      System.out.print(Options.markdownTable());
      return;
    }
    // the option's old name: --scenarios S ran the soak
    var scenarios = given.remove("scenarios");
    if (scenarios != null && scenarios.toUpperCase(Locale.ROOT).contains("S")) {
      given.put("phases", "soak");
    }
    var options = new Options(given);
    var quoted = Arrays.stream(args).map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList();
    var commandLine = "bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", quoted));
    var started = System.nanoTime();
    Vertx vertx = null;
    UpstreamSimulator simulator = null;
    Meter meter = null;
    try {
      var results = Path.of(options.get("results")).toAbsolutePath();
      var work = Path.of(options.get("work")).toAbsolutePath();
      Files.createDirectories(results);
      Files.createDirectories(work);
      Procs.pidFile(work.resolve("pids"));
      var conditionsBefore = Report.conditions();
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
      simulator = new UpstreamSimulator(vertx, options.i("latency-ms"), 0).start(0, 0);
      var redisPort = Procs.freePort();
      var redis = Procs.startRedis(redisPort, work.resolve("redis"));
      meter = new Meter(options, simulator, redis.pid());
      var targets = new Targets(options, work, simulator, redisPort);
      if (!Files.isRegularFile(targets.gatewayJar())) {
        throw new IllegalStateException("no packaged gateway at " + targets.gatewayJar() + ": run ./mvnw -B -q package -DskipTests at the root first");
      }
      if (options.phase("features")) {
        var stores = targets.tlsMaterial();
        simulator.startTls(stores[0].toString(), Targets.storePassword());
      }
      log("harness on CPU %s (this JVM's affinity: %s), targets on CPU %s; redis-server on 127.0.0.1:%d; simulator CloudBase :%d, SMS :%d",
          options.get("harness-cpus"), Procs.ownCpus(), options.get("target-cpus"), redisPort, simulator.cloudBasePort(), simulator.smsPort());
      var harness = new Harness(options, vertx, simulator, targets, meter, redisPort, results, work);
      run(harness, commandLine, conditionsBefore);
    } finally {
      Procs.stopAll();
      if (meter != null) {
        meter.close();
      }
      try {
        if (simulator != null) {
          simulator.close();
        }
        if (vertx != null) {
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      } catch (Exception ignored) {
        // exiting
      }
      log("suite finished in %.0f s", (System.nanoTime() - started) / 1e9);
    }
  }

  private static void run(Harness h, String commandLine, String conditionsBefore) throws Exception {
    var o = h.options;
    var kinds = o.list("targets").stream().map(t -> Targets.Kind.valueOf(t.toUpperCase(Locale.ROOT))).toList();
    if (o.phase("soak")) {
      new Soak(h, commandLine).run();
      if (o.list("phases").size() == 1) {
        return;
      }
    }
    Ready ready = null;
    Capacity capacity = null;
    Cost cost = null;
    Memory memory = null;
    String profiles = null;
    if (o.phase("ready") && kinds.contains(Targets.Kind.GATEWAY)) {
      ready = new Ready(h);
      ready.run();
    }
    if (o.phase("capacity")) {
      capacity = new Capacity(h);
      capacity.run(kinds);
    }
    if (o.phase("cost") || o.phase("features")) {
      cost = new Cost(h);
      if (o.phase("cost")) {
        for (var kind : kinds) {
          cost.run(kind, false);
        }
      }
      if (o.phase("features") && kinds.contains(Targets.Kind.GATEWAY)) {
        cost.run(Targets.Kind.GATEWAY, true);
      }
    }
    if (o.phase("memory")) {
      memory = new Memory(h);
      for (var kind : kinds) {
        memory.run(kind);
      }
      for (var kind : kinds) {
        memory.overload(kind);
      }
    }
    if (o.phase("profile")) {
      var parts = new ArrayList<String>();
      for (var kind : kinds) {
        parts.add(new Profile(h).profile(kind));
      }
      profiles = String.join("\n", parts);
    }
    new Report(h, commandLine, conditionsBefore).write(ready, capacity, cost, memory, profiles);
  }

  static void log(String format, Object... args) {
    var all = new Object[args.length + 1];
    all[0] = System.currentTimeMillis();
    System.arraycopy(args, 0, all, 1, args.length);
    System.out.printf(Locale.ROOT, "[bench %tT] " + format + "%n", all);
    System.out.flush();
  }

  static String tail(Path file, int lines) {
    try {
      var all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

}
