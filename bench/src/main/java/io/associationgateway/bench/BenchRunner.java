package io.associationgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * Runs the standard scenarios and writes {@code results/summary.md} and SVG plots. Starts and stops by PID everything
 * it needs, all on 127.0.0.1: a redis-server, the upstream simulator (in this JVM, with the load driver), the packaged
 * gateway ({@code ../target/quarkus-app/quarkus-run.jar}) and the floor (its own JVM). Every phase is bounded in time.
 * Usage: {@code bench/run.sh [--key value ...]}; options are listed in BENCHMARKS.md.
 */
public final class BenchRunner {

  /** The heap the container image gives the gateway (run-java.sh: 50 % of the 512 MiB limit in k8s/base); the floor gets the same. */
  static final String SHIPPED_JVM_OPTS = "-Xmx256m";


  private static final String HMAC_KEY = Floor.HMAC_KEY_DEFAULT;
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
  private static final Pattern BLOCKED = Pattern.compile("has been blocked for");

  private final Map<String, String> options;
  private final Path results;
  private final Path work;
  private final Path gatewayJar;
  private final Path luaDir;
  private final Path benchJar;
  private final List<String> jvmOptions;
  private final String commandLine;
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "bench-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private Vertx vertx;
  private UpstreamSimulator simulator;
  private int redisPort;
  private Process redis;

  /** What the suite measured for one target (the gateway or the floor). */
  static final class Target {
    final String name;
    final List<LoadDriver.Result> ramp = new ArrayList<>();
    double peak;
    LoadDriver.Result half;
    LoadDriver.Result b;
    Map<String, Long> callsB = new TreeMap<>();
    Map<String, Integer> threadsB = new LinkedHashMap<>();
    long rssMaxA = -1;
    long rssMaxB = -1;
    int blockedA = -1;
    int blockedB = -1;
    Map<String, Integer> logWarnings = new LinkedHashMap<>();
    String jfr;

    Target(String name) {
      this.name = name;
    }
  }

  /** Scenario C, one start. */
  record Startup(long readyMillis, String quarkusSeconds, long rssRestKib) {
  }

  private BenchRunner(Map<String, String> options, String commandLine) throws IOException {
    this.options = options;
    this.commandLine = commandLine;
    this.results = Path.of(options.getOrDefault("results", "results")).toAbsolutePath();
    this.work = Path.of(options.getOrDefault("work", "target/bench-run")).toAbsolutePath();
    this.gatewayJar = Path.of(options.getOrDefault("gateway-jar", "../target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    this.luaDir = Path.of(options.getOrDefault("lua", "../src/main/resources/lua")).toAbsolutePath();
    this.benchJar = Path.of(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toAbsolutePath();
    this.jvmOptions = Arrays.stream(options.getOrDefault("jvm-opts", SHIPPED_JVM_OPTS).split("\\s+")).filter(s -> !s.isBlank()).toList();
    Files.createDirectories(this.results);
    Files.createDirectories(this.work);
  }

  public static void main(String[] args) throws Exception {
    var options = parse(args);
    var quoted = Arrays.stream(args).map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList();
    var runner = new BenchRunner(options, "bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", quoted)));
    var started = System.nanoTime();
    try {
      runner.run();
    } finally {
      runner.shutdown();
      log("suite finished in %.0f s", (System.nanoTime() - started) / 1e9);
    }
  }

  static Map<String, String> parse(String[] args) {
    var options = new LinkedHashMap<String, String>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      var key = args[i].substring(2);
      var eq = key.indexOf('=');
      if (eq > 0) {
        options.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        options.put(key, args[++i]);
      } else {
        options.put(key, "true");
      }
    }
    return options;
  }

  private int intOpt(String key, int fallback) {
    return Integer.parseInt(this.options.getOrDefault(key, Integer.toString(fallback)));
  }

  private double doubleOpt(String key, double fallback) {
    return Double.parseDouble(this.options.getOrDefault(key, Double.toString(fallback)));
  }

  private boolean scenario(String name) {
    return Arrays.asList(this.options.getOrDefault("scenarios", "A,B,C").toUpperCase(Locale.ROOT).split(",")).contains(name);
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench %tT] " + format + "%n", prepend(System.currentTimeMillis(), args));
    System.out.flush();
  }

  private static Object[] prepend(Object first, Object[] rest) {
    var all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  // ------------------------------------------------------------------------------------------------ orchestration

  private String conditionsBefore;

  private static String conditions() {
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

  private void run() throws Exception {
    this.conditionsBefore = conditions();
    if (!Files.isRegularFile(this.gatewayJar)) {
      throw new IllegalStateException("no packaged gateway at " + this.gatewayJar + ": run ./mvnw -B -q package -DskipTests at the root first");
    }
    Procs.pidFile(this.work.resolve("pids"));
    Files.deleteIfExists(this.work.resolve("pids"));
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
    this.simulator = new UpstreamSimulator(this.vertx, intOpt("a-latency-ms", 20), doubleOpt("error-rate", 0)).start(0, 0);
    this.redisPort = Procs.freePort();
    this.redis = Procs.startRedis(this.redisPort, this.work.resolve("redis"));
    log("redis-server on 127.0.0.1:%d, simulator: CloudBase 127.0.0.1:%d, SMS 127.0.0.1:%d", this.redisPort,
        this.simulator.cloudBasePort(), this.simulator.smsPort());

    if (scenario("S")) {
      soak();
      if (!scenario("A") && !scenario("B") && !scenario("C")) {
        return;
      }
      flush();
    }
    var startups = new ArrayList<Startup>();
    var appcds = new ArrayList<Startup>();
    if (scenario("C")) {
      scenarioC(startups, List.of(), "startup");
      if (!"false".equals(this.options.get("appcds"))) {
        var archive = this.work.resolve("gateway-appcds.jsa");
        Files.deleteIfExists(archive);
        var training = startGateway("appcds-training", List.of("-XX:ArchiveClassesAtExit=" + archive));
        Thread.sleep(1000);
        Procs.stop(training.process());
        if (Files.exists(archive)) {
          scenarioC(appcds, List.of("-XX:SharedArchiveFile=" + archive), "appcds");
        } else {
          log("C: no AppCDS archive was written; see %s", training.log());
        }
      }
    }
    var gateway = new Target("gateway");
    var floor = new Target("floor");
    String jfr = null;
    var targets = Arrays.asList(this.options.getOrDefault("targets", "gateway,floor").split(","));
    if (scenario("A") || scenario("B")) {
      if (targets.contains("gateway")) {
        runTarget(gateway, gateway);
        flush();
      }
      if (targets.contains("floor")) {
        runTarget(floor, targets.contains("gateway") ? gateway : null);
        flush();
      }
      var reference = gateway.peak > 0 ? gateway.peak : floor.peak;
      if (scenario("A") && !"false".equals(this.options.get("jfr")) && reference > 0) {
        for (var target : List.of(gateway, floor)) {
          if (targets.contains(target.name)) {
            target.jfr = profile(target.name, doubleOpt("jfr-rate-fraction", 0.5) * reference);
            flush();
          }
        }
      }
      if (gateway.jfr != null) {
        jfr = gateway.jfr + (floor.jfr == null ? "" : "\n" + floor.jfr);
      } else if (floor.jfr != null) {
        jfr = floor.jfr;
      }
    }
    writeResults(startups, appcds, gateway, floor, jfr);
  }

  private void shutdown() {
    Procs.stopAll();
    try {
      if (this.simulator != null) {
        this.simulator.close();
      }
      if (this.vertx != null) {
        this.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // exiting
    }
    this.sampler.shutdownNow();
  }

  private void flush() throws IOException {
    Procs.redis(this.redisPort, "FLUSHALL");
  }

  /** A started target: the process, its port, its log. */
  record Running(Process process, int port, Path log, long readyMillis) {
  }

  private List<String> gatewayCommand(int port, int managementPort, List<String> extraJvm) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(this.jvmOptions);
    command.addAll(extraJvm);
    var props = new LinkedHashMap<String, String>();
    props.put("quarkus.profile", "prod");
    props.put("quarkus.http.host", "127.0.0.1");
    props.put("quarkus.http.port", Integer.toString(port));
    // health and metrics are on the management interface
    props.put("quarkus.management.port", Integer.toString(managementPort));
    props.put("quarkus.redis.hosts", "redis://127.0.0.1:" + this.redisPort);
    props.put("quarkus.vertx.max-event-loop-execute-time", "100ms");
    props.put("gateway.cloudbase.url", "http://127.0.0.1:" + this.simulator.cloudBasePort());
    props.put("gateway.cloudbase.client-id", "bench-env");
    props.put("gateway.cloudbase.client-secret", "bench-secret");
    props.put("gateway.flow.code-hmac-key", HMAC_KEY);
    props.put("gateway.sms.endpoint", "http://127.0.0.1:" + this.simulator.smsPort() + "/");
    props.put("gateway.sms.secret-id", "AKIDbench");
    props.put("gateway.sms.secret-key", "bench-secret-key");
    props.put("gateway.sms.sdk-app-id", "1400000000");
    props.put("gateway.sms.template-id", "100000");
    props.put("gateway.sms.sign-name", "Bench");
    // wide limits: the throttles must never refuse a benchmark flow (all flows come from 127.0.0.1)
    props.put("gateway.policy.resend-cooldown", "0s");
    props.put("gateway.policy.sends-per-target-per-hour", "1000000");
    props.put("gateway.policy.sms-per-user-per-day", "1000000");
    props.put("gateway.policy.global-sms-per-hour", "1000000000");
    props.put("gateway.policy.ip-send-burst", "1000000000");
    props.put("gateway.policy.ip-sends-per-minute", "1000000000");
    props.put("gateway.policy.ip-verify-burst", "1000000000");
    props.put("gateway.policy.ip-verifies-per-minute", "1000000000");
    props.put("gateway.policy.email-per-user-per-day", "1000000");
    props.put("gateway.policy.global-email-per-hour", "1000000000");
    props.put("gateway.policy.sudo-password-failures-per-ip", "1000000000");
    props.put("gateway.overload.max-in-flight-per-ip", "1000000");
    // tuning under test (see BENCHMARKS.md); the application.properties defaults unless overridden
    for (var entry : this.options.entrySet()) {
      if (entry.getKey().startsWith("D")) {
        props.put(entry.getKey().substring(1), entry.getValue());
      }
    }
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(this.gatewayJar.toString());
    return command;
  }

  private Running startGateway(String tag, List<String> extraJvm) throws Exception {
    var port = Procs.freePort();
    var log = this.work.resolve("gateway-" + tag + ".log");
    var managementPort = Procs.freePort();
    var command = gatewayCommand(port, managementPort, extraJvm);
    Files.writeString(this.work.resolve("gateway-command.txt"), String.join(" ", command) + "\n");
    var t0 = System.nanoTime();
    var process = Procs.start(command, this.work.resolve("gateway-cwd"), log);
    var ready = Procs.awaitHttp200("http://127.0.0.1:" + managementPort + "/q/health/ready", process, t0, 60_000);
    if (ready < 0) {
      Procs.stop(process);
      throw new IllegalStateException("the gateway did not get ready; see " + log + "\n" + tail(log, 40));
    }
    return new Running(process, port, log, ready);
  }

  private Running startFloor(String tag) throws Exception {
    return startFloor(tag, List.of());
  }

  private Running startFloor(String tag, List<String> extraJvm) throws Exception {
    var port = Procs.freePort();
    var log = this.work.resolve("floor-" + tag + ".log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(this.jvmOptions);
    command.addAll(extraJvm);
    command.addAll(List.of("-cp", this.benchJar.toString(), Floor.class.getName(), "--port", Integer.toString(port),
        "--redis", "redis://127.0.0.1:" + this.redisPort, "--cloudbase", "http://127.0.0.1:" + this.simulator.cloudBasePort(),
        "--sms", "http://127.0.0.1:" + this.simulator.smsPort() + "/", "--lua", this.luaDir.toString(),
        "--http-pool", this.options.getOrDefault("floor-http-pool", "4096"),
        "--redis-pool", this.options.getOrDefault("floor-redis-pool", "32"),
        "--redis-waiting", this.options.getOrDefault("floor-redis-waiting", "4096")));
    Files.writeString(this.work.resolve("floor-command.txt"), String.join(" ", command) + "\n");
    var t0 = System.nanoTime();
    var process = Procs.start(command, this.work, log);
    var ready = Procs.awaitHttp200("http://127.0.0.1:" + port + "/ready", process, t0, 30_000);
    if (ready < 0) {
      Procs.stop(process);
      throw new IllegalStateException("the floor did not start; see " + log + "\n" + tail(log, 40));
    }
    return new Running(process, port, log, ready);
  }

  // ------------------------------------------------------------------------------------------------ scenario C

  private void scenarioC(List<Startup> startups, List<String> extraJvm, String tag) throws Exception {
    var runs = intOpt("c-runs", 5);
    for (int i = 0; i < runs; i++) {
      awaitQuiet(-1);
      var running = startGateway(tag + "-" + i, extraJvm);
      Thread.sleep(intOpt("c-rest-ms", 5000));
      var rss = Procs.rssKib(running.process().pid());
      Procs.stop(running.process());
      var matcher = STARTED.matcher(Files.readString(running.log()));
      var quarkus = matcher.find() ? matcher.group(1) : "?";
      startups.add(new Startup(running.readyMillis(), quarkus, rss));
      log("C %s run %d: ready after %d ms (Quarkus: started in %s s), RSS at rest %d MiB", tag, i + 1, running.readyMillis(), quarkus, rss / 1024);
    }
  }

  // ------------------------------------------------------------------------------------------------ scenarios A and B

  private void runTarget(Target target, Target gateway) throws Exception {
    var isGateway = target.name.equals("gateway");
    var running = isGateway ? startGateway("AB", List.of()) : startFloor("AB");
    log("%s ready on 127.0.0.1:%d after %d ms", target.name, running.port(), running.readyMillis());
    var pid = running.process().pid();
    var driver = new LoadDriver(this.vertx, "127.0.0.1", running.port(), this.simulator, this.sequence, intOpt("driver-connections", 4000),
        intOpt("request-timeout-ms", 30_000));
    try {
      if (scenario("A")) {
        this.simulator.latencyMillis(intOpt("a-latency-ms", 20));
        var logStart = Files.size(running.log());
        var rssMax = new AtomicLong(-1);
        var sampling = this.sampler.scheduleAtFixedRate(() -> rssMax.accumulateAndGet(Procs.rssKib(pid), Math::max), 0, 250, TimeUnit.MILLISECONDS);
        try {
          scenarioA(target, driver, gateway, pid);
        } finally {
          sampling.cancel(false);
        }
        target.rssMaxA = rssMax.get();
        target.blockedA = countBlocked(running.log(), logStart, Files.size(running.log()));
      }
      if (scenario("B")) {
        awaitIdle(driver);
        var logStart = Files.size(running.log());
        scenarioB(target, driver, pid);
        target.blockedB = countBlocked(running.log(), logStart, Files.size(running.log()));
      }
      target.logWarnings = warnings(running.log());
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
  }

  /** A load point, with the target's CPU time per flow and the machine's busy share measured around it. */
  interface Point {
    LoadDriver.Result run() throws Exception;
  }

  private LoadDriver.Result measured(long pid, Point point) throws Exception {
    if (this.redis == null) {
      throw new IllegalStateException("redis not started");
    }
    var cpu0 = Procs.cpuMillis(pid);
    var own0 = Procs.cpuMillis(ProcessHandle.current().pid()) + Procs.cpuMillis(this.redis.pid());
    var machine0 = Procs.machineJiffies();
    var rss = new AtomicLong(-1);
    var sampling = this.sampler.scheduleAtFixedRate(() -> rss.accumulateAndGet(Procs.rssKib(pid), Math::max), 0, 250, TimeUnit.MILLISECONDS);
    LoadDriver.Result result;
    try {
      result = point.run();
    } finally {
      sampling.cancel(false);
    }
    result.targetRssMaxKib = rss.get();
    var cpu1 = Procs.cpuMillis(pid);
    var own1 = Procs.cpuMillis(ProcessHandle.current().pid()) + Procs.cpuMillis(this.redis.pid());
    var machine1 = Procs.machineJiffies();
    if (cpu0 >= 0 && cpu1 >= 0 && result.ok > 0) {
      result.targetCpuMillisPerFlow = (cpu1 - cpu0) / (double) result.ok;
    }
    if (machine1[1] > machine0[1]) {
      result.machineBusyPercent = 100.0 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]);
      // jiffies are 10 ms each over all CPUs; the processes' CPU ms convert with the same 10 ms tick
      var known = (cpu1 - cpu0) + (own1 - own0);
      result.foreignBusyPercent = Math.max(0, 100.0 * ((machine1[0] - machine0[0]) * 10.0 - known) / ((machine1[1] - machine0[1]) * 10.0));
      if (result.foreignBusyPercent > 5) {
        log("other processes used %.0f%% of the machine during this point; top processes now:%n%s", result.foreignBusyPercent,
            Procs.output(List.of("top", "-b", "-n", "1", "-w", "200", "-o", "%CPU"), 5).lines().skip(6).limit(7).map(l -> l.length() > 160 ? l.substring(0, 160) : l)
                .collect(java.util.stream.Collectors.joining("\n")));
      }
    }
    return result;
  }

  /** CPU share (% of the machine) used over {@code millis} by processes other than the target, this runner and redis-server. */
  private double foreignPercent(long pid, long millis) throws InterruptedException {
    var known0 = Math.max(0, Procs.cpuMillis(pid)) + Procs.cpuMillis(ProcessHandle.current().pid()) + Procs.cpuMillis(this.redis.pid());
    var machine0 = Procs.machineJiffies();
    Thread.sleep(millis);
    var known1 = Math.max(0, Procs.cpuMillis(pid)) + Procs.cpuMillis(ProcessHandle.current().pid()) + Procs.cpuMillis(this.redis.pid());
    var machine1 = Procs.machineJiffies();
    if (machine1[1] <= machine0[1]) {
      return 0;
    }
    return Math.max(0, 100.0 * ((machine1[0] - machine0[0]) * 10.0 - (known1 - known0)) / ((machine1[1] - machine0[1]) * 10.0));
  }

  /** Waits (bounded) until other processes use < 5 % of the machine, so a shared machine does not skew the next point. */
  private void awaitQuiet(long pid) throws InterruptedException {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(intOpt("quiet-wait-s", 300));
    var logged = false;
    while (System.nanoTime() < deadline) {
      var foreign = foreignPercent(pid, 2000);
      if (foreign < 5) {
        return;
      }
      if (!logged) {
        log("other processes use %.0f%% of the machine; waiting (at most %d s) for them to finish", foreign, intOpt("quiet-wait-s", 300));
        logged = true;
      }
    }
    log("the machine did not get quiet; measuring anyway (see the 'other processes' column)");
  }

  /** {@link #measured}, repeated (up to 3 times) when other processes took more than 10 % of the machine during it. */
  private LoadDriver.Result undisturbed(long pid, LoadDriver driver, Point point) throws Exception {
    LoadDriver.Result result = null;
    for (int attempt = 0; attempt < intOpt("disturbed-retries", 3) + 1; attempt++) {
      awaitIdle(driver);
      awaitQuiet(pid);
      result = measured(pid, point);
      if (result.foreignBusyPercent <= 10) {
        return result;
      }
      log("point disturbed by other processes (%.0f%% of the machine): repeating it", result.foreignBusyPercent);
    }
    return result;
  }

  private static boolean saturated(LoadDriver.Result point, double rate) {
    return point.achieved < 0.9 * rate || point.errorCount() > 0;
  }

  private void scenarioA(Target target, LoadDriver driver, Target gateway, long pid) throws Exception {
    var pointMs = intOpt("point-ms", 10_000);
    var warmMs = intOpt("point-warmup-ms", 2_000);
    var drainMs = intOpt("drain-ms", 5_000);
    var maxInFlight = intOpt("max-in-flight", 20_000);
    var rate = doubleOpt("start-rate", 100);
    var factor = doubleOpt("factor", 1.5);
    var refine = doubleOpt("refine-factor", 1.1);
    var maxPoints = intOpt("max-points", 16);
    for (var warmRate : this.options.getOrDefault("warmup-rates", "100,400,800").split(",")) {
      var warm = driver.runOpen(Double.parseDouble(warmRate), intOpt("warmup-ms", 10_000), 0, drainMs, maxInFlight);
      log("A %s warm-up: %s", target.name, warm);
      awaitIdle(driver);
    }
    // coarse steps (x factor) while the machine is below --fine-above-busy % busy, then fine steps (x refine); at the first
    // saturated point stop, unless it came straight from a coarse step: then retry once with fine steps from the last good rate
    double good = 0;
    double bad = Double.POSITIVE_INFINITY;
    var fine = false;
    for (int i = 0; i < maxPoints; i++) {
      var offered = rate;
      var point = undisturbed(pid, driver, () -> driver.runOpen(offered, pointMs, warmMs, drainMs, maxInFlight));
      target.ramp.add(point);
      log("A %s: %s target-cpu=%.2fms/flow machine=%.0f%% other-processes=%.0f%%", target.name, point, point.targetCpuMillisPerFlow,
          point.machineBusyPercent, point.foreignBusyPercent);
      if (saturated(point, rate)) {
        if (fine || bad < Double.POSITIVE_INFINITY || good == 0) {
          break;
        }
        bad = rate;
        fine = true;
        rate = good * refine;
        if (rate >= bad * 0.97) {
          break;
        }
      } else {
        good = rate;
        fine = fine || point.machineBusyPercent >= doubleOpt("fine-above-busy", 75);
        rate = rate * (fine ? refine : factor);
        if (rate >= bad * 0.97) {
          break;
        }
      }
    }
    target.ramp.sort(java.util.Comparator.comparingDouble(r -> r.offered));
    target.peak = target.ramp.stream().mapToDouble(r -> r.achieved).max().orElse(0);
    var halfRate = 0.5 * (gateway == null || gateway.peak <= 0 ? target.peak : gateway.peak);
    awaitIdle(driver);
    if (halfRate > 0) {
      target.half = undisturbed(pid, driver, () -> driver.runOpen(halfRate, intOpt("half-ms", 15_000), intOpt("half-warmup-ms", 3_000), drainMs, maxInFlight));
      log("A %s at 50 %% of the gateway's peak: %s", target.name, target.half);
    }
  }

  private void scenarioB(Target target, LoadDriver driver, long pid) throws Exception {
    this.simulator.latencyMillis(intOpt("b-latency-ms", 500));
    this.simulator.resetCounters();
    var durationMs = intOpt("b-ms", 25_000);
    var threads = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<Map<String, Integer>>>();
    try {
      target.b = undisturbed(pid, driver, () -> {
        this.simulator.resetCounters();
        threads.set(this.sampler.schedule(() -> threadCounts(pid), Math.max(1000, durationMs - 4000), TimeUnit.MILLISECONDS));
        return driver.runClosed(intOpt("b-concurrency", 2000), durationMs, intOpt("b-warmup-ms", 7_000), intOpt("b-ramp-ms", 2_000),
            intOpt("b-drain-ms", 15_000));
      });
      target.threadsB = threads.get().get(30, TimeUnit.SECONDS);
    } finally {
      this.simulator.latencyMillis(intOpt("a-latency-ms", 20));
    }
    target.callsB = this.simulator.calls();
    target.rssMaxB = target.b.targetRssMaxKib;
    log("B %s: %s", target.name, target.b);
    log("B %s threads: %s", target.name, target.threadsB);
  }

  private void awaitIdle(LoadDriver driver) throws Exception {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (driver.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Thread names from {@code jcmd <pid> Thread.print}, counted by kind; /proc's thread count too. */
  private static Map<String, Integer> threadCounts(long pid) {
    var counts = new LinkedHashMap<String, Integer>();
    for (var kind : List.of("vert.x-eventloop-thread", "executor-thread", "vert.x-worker-thread", "vert.x-internal-blocking", "vert.x-acceptor-thread")) {
      counts.put(kind, 0);
    }
    var dump = Procs.output(List.of("jcmd", Long.toString(pid), "Thread.print"), 20);
    var java = 0;
    for (var line : dump.split("\n")) {
      if (!line.startsWith("\"")) {
        continue;
      }
      var name = line.substring(1, Math.max(1, line.indexOf('"', 1)));
      java++;
      for (var kind : counts.keySet()) {
        if (name.startsWith(kind)) {
          counts.merge(kind, 1, Integer::sum);
        }
      }
    }
    counts.put("threads in jcmd Thread.print", java);
    try {
      for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          counts.put("threads in /proc/<pid>/status", Integer.parseInt(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // gone
    }
    return counts;
  }

  private static int countBlocked(Path log, long from, long to) throws IOException {
    var bytes = Files.readAllBytes(log);
    var text = new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, Math.min(to, bytes.length) - Math.min(from, bytes.length)),
        StandardCharsets.UTF_8);
    var matcher = BLOCKED.matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  /** WARN and ERROR lines of a target's log by message (first 140 characters), most frequent first. */
  private static Map<String, Integer> warnings(Path log) throws IOException {
    var counts = new LinkedHashMap<String, Integer>();
    for (var line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      String level = null;
      String message = line;
      if (line.startsWith("{")) {
        try {
          var json = new JsonObject(line);
          level = json.getString("level");
          message = json.getString("loggerName", "") + ": " + json.getString("message", "");
        } catch (RuntimeException notJson) {
          // plain line
        }
      } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
        level = line.contains(" WARN ") ? "WARN" : "ERROR";
      }
      if ("WARN".equals(level) || "WARNING".equals(level) || "ERROR".equals(level) || "SEVERE".equals(level)) {
        var key = level + " " + message.replaceAll("[0-9]+", "N");
        counts.merge(key.length() > 160 ? key.substring(0, 160) + "…" : key, 1, Integer::sum);
      }
    }
    var sorted = new LinkedHashMap<String, Integer>();
    counts.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(10)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  // ------------------------------------------------------------------------------------------------ JFR

  /**
   * JFR of the gateway or the floor at {@code rate} flows/s with scenario A's upstream latency. The recording runs from JVM
   * start ({@code -XX:StartFlightRecording=settings=profile,maxage=...}: starting it later with {@code jcmd JFR.start}
   * retransforms JDK classes for the I/O events and deoptimises the warm JIT code, which alone tipped the gateway into
   * overload); after a warm-up, the last {@code maxage} seconds, the measured load, are dumped with {@code jcmd JFR.dump}.
   */
  private String profile(String name, double rate) throws Exception {
    this.simulator.latencyMillis(intOpt("a-latency-ms", 20));
    var seconds = intOpt("jfr-seconds", 20);
    var flags = List.of("-XX:StartFlightRecording=name=bench,settings=profile,disk=true,maxage=" + (seconds + 2) + "s");
    var running = name.equals("gateway") ? startGateway("jfr", flags) : startFloor("jfr", flags);
    var driver = new LoadDriver(this.vertx, "127.0.0.1", running.port(), this.simulator, this.sequence, intOpt("driver-connections", 4000),
        intOpt("request-timeout-ms", 30_000));
    var recording = this.work.resolve(name + "-profile.jfr");
    Files.deleteIfExists(recording);
    var pid = running.process().pid();
    LoadDriver.Result point;
    try {
      for (var fraction : new double[] {0.25, 0.5, 1.0}) {
        driver.runOpen(fraction * rate, intOpt("jfr-warmup-ms", 8_000), 0, 5_000, 20_000);
        awaitIdle(driver);
      }
      point = undisturbed(pid, driver, () -> driver.runOpen(rate, seconds * 1000L, 2_000, 5_000, 20_000));
      log("JFR %s load: %s target-cpu=%.2fms/flow machine=%.0f%%", name, point, point.targetCpuMillisPerFlow, point.machineBusyPercent);
      log("JFR %s: %s", name, Procs.output(List.of("jcmd", Long.toString(pid), "JFR.dump", "name=bench", "filename=" + recording), 30)
          .strip().replace('\n', ' '));
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
    if (!Files.exists(recording)) {
      return "JFR recording of the " + name + " was not written (" + recording + ")\n";
    }
    var title = String.format(Locale.ROOT, "%s at %.0f flows/s offered (%.0f %% of the gateway's scenario-A peak, after a %d s warm-up), "
        + "upstream %d ms, %d s: achieved %.1f flows/s, p50 %.1f ms, p99 %.1f ms, %.2f ms CPU per flow, machine %.0f %% busy, errors %s", name, rate,
        100 * doubleOpt("jfr-rate-fraction", 0.5), 3 * intOpt("jfr-warmup-ms", 8_000) / 1000, intOpt("a-latency-ms", 20), seconds, point.achieved,
        point.flowMillis(50), point.flowMillis(99), point.targetCpuMillisPerFlow, point.machineBusyPercent, errors(point));
    var summary = JfrSummary.summarize(recording, title, Math.max(1, seconds - 2));
    Files.writeString(this.results.resolve("jfr-" + name + ".md"), "# JFR profile of the " + name + " under scenario A load\n\n"
        + "Recording: `bench/target/bench-run/" + recording.getFileName() + "` (not committed); `jfr summary` and "
        + "`jfr print --events jdk.ExecutionSample` read it.\n\n" + summary);
    return summary;
  }

  // ------------------------------------------------------------------------------------------------ output

  private void writeResults(List<Startup> startups, List<Startup> appcds, Target gateway, Target floor, String jfr) throws IOException {
    var md = new StringBuilder();
    var now = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    md.append("# Benchmark results\n\n");
    md.append("Written by `").append(this.commandLine).append("` on ").append(now).append(".\n\n");
    md.append("## Machine\n\n").append(machine());
    md.append("| conditions | at start: ").append(this.conditionsBefore).append("; at end: ").append(conditions()).append(" |\n\n");
    md.append(setup());

    var a = new StringBuilder();
    var targetsRows = new ArrayList<String[]>();
    if (scenario("A") && !gateway.ramp.isEmpty()) {
      md.append("## Scenario A: upstream latency ").append(intOpt("a-latency-ms", 20)).append(" ms, open-model ramp to saturation\n\n");
      md.append("Each point: ").append(intOpt("point-ms", 10_000) / 1000).append(" s at a fixed arrival rate, the first ")
          .append(intOpt("point-warmup-ms", 2_000) / 1000).append(" s not measured; saturated = achieves < 90 % of the "
              + "offered rate or has any error. Latency is whole-flow, from each flow's intended start (coordinated-omission safe).\n\n");
      for (var target : List.of(gateway, floor)) {
        md.append("### ").append(target.name).append("\n\n");
        md.append("| offered flows/s | achieved flows/s | p50 ms | p90 ms | p99 ms | max ms | target CPU ms/flow | machine CPU busy | of which other processes | target RSS max MiB | errors |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (var r : target.ramp) {
          md.append(row(r)).append('\n');
        }
        md.append('\n');
      }
      var ratio = floor.peak > 0 ? gateway.peak / floor.peak : Double.NaN;
      md.append("### Peak and ratio\n\n| | peak flows/s |\n|---|---:|\n");
      md.append(String.format(Locale.ROOT, "| gateway | %.1f |%n| floor | %.1f |%n| **gateway ÷ floor** | **%.1f %%** |%n%n", gateway.peak, floor.peak, 100 * ratio));
      md.append("Peak = the highest achieved rate of the ramp (steps × ").append(doubleOpt("factor", 1.5))
          .append(" while the machine is below ").append(doubleOpt("fine-above-busy", 75)).append(" % busy, then × ").append(doubleOpt("refine-factor", 1.1))
          .append(", up to the first saturated point). "
              + "Target CPU ms/flow = CPU time (user + system, /proc/<pid>/stat) the gateway or floor process used over the point ÷ flows completed; "
              + "machine CPU busy = all processes, both cores (/proc/stat); of which other processes = what neither the target, nor this runner "
              + "(driver + simulator), nor redis-server used: anything above a few % means the machine was shared and the point is suspect.\n\n");
      md.append("### At 50 % of the gateway's peak\n\n| target | offered flows/s | achieved | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | p99 ÷ p50 "
          + "| target CPU ms/flow | machine CPU busy | of which other processes | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (var target : List.of(gateway, floor)) {
        if (target.half != null) {
          var h = target.half;
          md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f %% | %.0f %% | %s |%n", target.name, h.offered,
              h.achieved, h.flowMillis(50), h.flowMillis(90), h.flowMillis(99), h.flowMillis(99.9), h.flowMillis(100), h.flowMillis(99) / h.flowMillis(50),
              h.targetCpuMillisPerFlow, h.machineBusyPercent, h.foreignBusyPercent, errors(h)));
        }
      }
      md.append("\nPer step at 50 % of the gateway's peak (from the step's request to its answer; the first step from the flow's intended start):\n\n"
          + "| target | step | p50 ms | p99 ms |\n|---|---|---:|---:|\n");
      for (var target : List.of(gateway, floor)) {
        if (target.half != null) {
          for (int s = 0; s < LoadDriver.STEPS.length; s++) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", target.name, LoadDriver.STEPS[s], target.half.stepMillis(s, 50),
                target.half.stepMillis(s, 99)));
          }
        }
      }
      md.append("\n![throughput](throughput.svg)\n\n![latency](latency.svg)\n\n");
      targetsRows.add(new String[] {"A: gateway peak ÷ floor peak", pct(ratio), "≥ 60 %", met(ratio >= 0.6)});
      if (gateway.half != null) {
        var tail = gateway.half.flowMillis(99) / gateway.half.flowMillis(50);
        targetsRows.add(new String[] {"A: p99 ÷ p50 at 50 % of gateway peak",
            String.format(Locale.ROOT, "%.2f (p50 %.1f ms, p99 %.1f ms)", tail, gateway.half.flowMillis(50), gateway.half.flowMillis(99)),
            "≤ 3", met(tail <= 3)});
      }
      writeCharts(gateway, floor);
    }
    if (scenario("B") && gateway.b != null) {
      var latency = intOpt("b-latency-ms", 500);
      var concurrency = intOpt("b-concurrency", 2000);
      var flowFloorSeconds = 5 * latency / 1000.0;
      var ideal = concurrency / flowFloorSeconds;
      md.append("## Scenario B: upstream latency ").append(latency).append(" ms, ").append(concurrency).append(" concurrent flows (closed loop)\n\n");
      md.append(String.format(Locale.ROOT, "Flow latency floor = the upstream calls on the critical path, one after another: sudo = `user/me` "
          + "(caller cache miss: every flow is a new user) + CloudBase `user/sudo`; send = SMS `SendSms` (caller cache hit); verify = none; "
          + "bind = `user/query` + `user/basic/edit` (the client-credentials token is cached): 5 × %d ms = %.1f s. "
          + "Ideal throughput = concurrency ÷ floor = %d ÷ %.1f s = **%.0f flows/s**. Run: %d s, the first %d s (ramp-up of the virtual users "
          + "over %d s, then a steady state) not measured.%n%n", latency, flowFloorSeconds, concurrency, flowFloorSeconds, ideal,
          intOpt("b-ms", 25_000) / 1000, intOpt("b-warmup-ms", 7_000) / 1000, intOpt("b-ramp-ms", 2_000) / 1000));
      md.append("| target | achieved flows/s | ÷ ideal | p50 ms | p99 ms | max ms | errors | event loops | worker threads | all threads | blocked-thread warnings "
          + "| RSS max MiB | machine CPU busy | of which other processes |\n|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (var target : List.of(gateway, floor)) {
        if (target.b != null) {
          var b = target.b;
          var isGateway = target == gateway;
          md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.0f | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %.0f %% | %.0f %% |%n", target.name, b.achieved,
              pct(b.achieved / ideal), b.flowMillis(50), b.flowMillis(99), b.flowMillis(100), errors(b),
              isGateway ? target.threadsB.getOrDefault("vert.x-eventloop-thread", -1) : "4 (configured)",
              isGateway ? target.threadsB.getOrDefault("executor-thread", -1) + target.threadsB.getOrDefault("vert.x-worker-thread", 0) : "0",
              target.threadsB.getOrDefault("threads in /proc/<pid>/status", -1), isGateway ? Integer.toString(target.blockedB) : "n/a",
              target.rssMaxB < 0 ? "?" : Long.toString(target.rssMaxB / 1024), b.machineBusyPercent, b.foreignBusyPercent));
        }
      }
      md.append("\nPer step during B (from the step's request to its answer; its upstream calls take ").append(latency)
          .append(" ms each: sudo 2, send 1, verify 0, bind 2):\n\n| target | step | p50 ms | p99 ms |\n|---|---|---:|---:|\n");
      for (var target : List.of(gateway, floor)) {
        if (target.b != null) {
          for (int s = 0; s < LoadDriver.STEPS.length; s++) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", target.name, LoadDriver.STEPS[s], target.b.stepMillis(s, 50),
                target.b.stepMillis(s, 99)));
          }
        }
      }
      md.append("\nGateway threads during B (`jcmd <pid> Thread.print`, ").append(Math.max(1, intOpt("b-ms", 25_000) / 1000 - 4))
          .append(" s into the run): ").append(threadsText(gateway.threadsB)).append(".\n\n");
      md.append("Upstream calls served by the simulator during the gateway's B run: ").append(gateway.callsB).append(".\n\n");
      targetsRows.add(new String[] {"B: achieved ÷ (concurrency ÷ flow latency floor)", String.format(Locale.ROOT, "%s (%.1f of %.0f flows/s)",
          pct(gateway.b.achieved / ideal), gateway.b.achieved, ideal), "≥ 90 %", met(gateway.b.achieved / ideal >= 0.9)});
      targetsRows.add(new String[] {"B: Vert.x blocked-thread warnings (limit 100 ms)", Integer.toString(gateway.blockedB), "0", met(gateway.blockedB == 0)});
    }
    if (!startups.isEmpty()) {
      md.append("## Scenario C: startup and memory (JVM mode)\n\n");
      md.append("Time from `ProcessBuilder.start()` of `java ").append(String.join(" ", this.jvmOptions))
          .append(" -jar quarkus-run.jar` to the first 200 on `/q/health/ready` (Redis up, polled every 5 ms); RSS is VmRSS from `/proc/<pid>/status`, "
              + "at rest ").append(intOpt("c-rest-ms", 5000) / 1000).append(" s after ready.\n\n");
      md.append("| run | ready ms | Quarkus \"started in\" s | RSS at rest MiB |\n|---:|---:|---:|---:|\n");
      for (int i = 0; i < startups.size(); i++) {
        var s = startups.get(i);
        md.append(String.format(Locale.ROOT, "| %d | %d | %s | %d |%n", i + 1, s.readyMillis(), s.quarkusSeconds(), s.rssRestKib() / 1024));
      }
      var ready = median(startups.stream().mapToLong(Startup::readyMillis).toArray());
      var rest = median(startups.stream().mapToLong(Startup::rssRestKib).toArray()) / 1024;
      md.append(String.format(Locale.ROOT, "| **median** | **%d** | | **%d** |%n%n", ready, rest));
      targetsRows.add(new String[] {"C: time to ready (median of " + startups.size() + ")", ready + " ms", "≤ 1500 ms", met(ready <= 1500)});
      if (appcds != null && !appcds.isEmpty()) {
        var cdsReady = median(appcds.stream().mapToLong(Startup::readyMillis).toArray());
        md.append("With an AppCDS archive (`-XX:SharedArchiveFile`, made by one training start with `-XX:ArchiveClassesAtExit`; Quarkus builds the same "
            + "with `quarkus.package.jar.appcds.enabled=true`), same flags otherwise: ready after ")
            .append(appcds.stream().map(x -> x.readyMillis() + " ms").toList()).append(", median **").append(cdsReady).append(" ms**; RSS at rest median ")
            .append(median(appcds.stream().mapToLong(Startup::rssRestKib).toArray()) / 1024).append(" MiB.\n\n");
        targetsRows.add(new String[] {"C: time to ready with AppCDS (median of " + appcds.size() + "; deployment option, not the default)", cdsReady + " ms",
            "≤ 1500 ms", met(cdsReady <= 1500)});
      }
      targetsRows.add(new String[] {"C: RSS at rest (median)", rest + " MiB", "≤ 256 MiB", met(rest <= 256)});
      if (gateway.rssMaxA > 0) {
        var sustained = gateway.ramp.stream().filter(r -> !saturated(r, r.offered)).mapToLong(r -> r.targetRssMaxKib).max().orElse(-1);
        if (gateway.half != null) {
          sustained = Math.max(sustained, gateway.half.targetRssMaxKib);
        }
        var floorSustained = floor.ramp.stream().filter(r -> !saturated(r, r.offered)).mapToLong(r -> r.targetRssMaxKib).max().orElse(-1);
        md.append(String.format(Locale.ROOT, "RSS under scenario A (VmRSS sampled every 250 ms): **%d MiB** at most over the points the gateway sustained "
            + "(up to its peak, and the 50 %% point); **%d MiB** at most over the whole ramp, overload points included (there the driver holds thousands "
            + "of open flows, and so connections and buffers, in the gateway). Floor: %d / %d MiB. Per point: the ramp tables above.%n%n",
            sustained / 1024, gateway.rssMaxA / 1024, floorSustained / 1024, floor.rssMaxA / 1024));
        targetsRows.add(new String[] {"C: RSS under scenario A, sustained load (≤ peak)", sustained / 1024 + " MiB", "≤ 256 MiB", met(sustained / 1024 <= 256)});
        targetsRows.add(new String[] {"C: RSS under scenario A, overload points included", gateway.rssMaxA / 1024 + " MiB", "≤ 256 MiB",
            met(gateway.rssMaxA / 1024 <= 256)});
      }
    }
    var targets = new StringBuilder("## Targets\n\n| target | measured | goal | met |\n|---|---|---|---|\n");
    for (var r : targetsRows) {
      targets.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    md.insert(md.indexOf("## Machine"), targets + "\n");
    if (gateway.blockedA >= 0) {
      md.append("## Gateway log\n\n").append(String.format(Locale.ROOT, "Vert.x blocked-thread warnings during A: %d, during B: %d.%n%n", gateway.blockedA,
          Math.max(0, gateway.blockedB)));
      if (!gateway.logWarnings.isEmpty()) {
        md.append("WARN/ERROR lines of the gateway's A+B run, by message (digits as N):\n\n| count | message |\n|---:|---|\n");
        gateway.logWarnings.forEach((k, v) -> md.append("| ").append(v).append(" | `").append(k.replace("|", "\\|").replace("`", "'")).append("` |\n"));
        md.append('\n');
      } else {
        md.append("No WARN/ERROR lines in the gateway's A+B run.\n\n");
      }
    }
    if (jfr != null) {
      md.append("## Profile (JFR)\n\nAlso in `jfr-gateway.md` and `jfr-floor.md`; both at the same offered rate.\n\n").append(jfr.replace("### ", "#### ")).append('\n');
    }
    Files.writeString(this.results.resolve("summary.md"), md.toString());
    writeCsv(gateway, floor);
    log("wrote %s", this.results.resolve("summary.md"));
  }

  private String setup() {
    var out = new StringBuilder("## Setup\n\n");
    out.append("- Everything on 127.0.0.1 on the same 2 cores: the load driver and the upstream simulator (one JVM, 2 Vert.x event loops), "
        + "redis-server (`--save '' --appendonly no`), and the target (the gateway or the floor, own JVM, one at a time).\n");
    out.append("- Gateway: `java ").append(String.join(" ", this.jvmOptions)).append(" -Dquarkus.profile=prod … -jar ../target/quarkus-app/quarkus-run.jar` "
        + "with CloudBase and SMS pointed at the simulator, dummy SMS credentials, wide policy limits, "
        + "`quarkus.vertx.max-event-loop-execute-time=100ms`; the full command is in `bench/target/bench-run/gateway-command.txt`.");
    var overrides = this.options.entrySet().stream().filter(e -> e.getKey().startsWith("D")).map(e -> e.getKey().substring(1) + "=" + e.getValue()).toList();
    out.append(overrides.isEmpty() ? " No tuning overrides: pool sizes as in application.properties.\n" : " Overrides: `" + String.join("`, `", overrides) + "`.\n");
    out.append("- Floor: `io.associationgateway.bench.Floor`, bare Vert.x (4 event loops, like Quarkus's default 2 × cores), the gateway's Lua scripts "
        + "via EVALSHA, the same keys, crypto and upstream calls; HTTP client pool ").append(this.options.getOrDefault("floor-http-pool", "4096"))
        .append(" per upstream, one shared pipelined Redis connection (like the gateway).\n");
    out.append("- Simulator: answers after a Vert.x timer of the scenario's latency; error rate ").append(doubleOpt("error-rate", 0)).append(".\n");
    out.append("- Every flow: a new user (`Bearer bench-<n>`) and a new number (`+86 138` + 8 digits); the code is read from the simulator's SMS record.\n\n");
    return out.toString();
  }

  private String machine() {
    var cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    } catch (IOException ignored) {
      // unknown
    }
    var mem = "?";
    try {
      mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
    } catch (IOException ignored) {
      // unknown
    }
    var commit = Procs.output(List.of("git", "-C", this.gatewayJar.getParent().getParent().getParent().toString(), "rev-parse", "--short", "HEAD"), 5).strip();
    var dirty = Procs.output(List.of("git", "-C", this.gatewayJar.getParent().getParent().getParent().toString(), "status", "--porcelain", "--", "src", "pom.xml"), 5).strip();
    String jarTime;
    try {
      jarTime = Files.getLastModifiedTime(this.gatewayJar.getParent().resolve("app")).toString();
    } catch (IOException e) {
      jarTime = "?";
    }
    return String.format(Locale.ROOT, "| | |%n|---|---|%n| CPU | %d cores (%s), **shared by the load driver, the simulator, Redis and the target** |%n"
        + "| memory | %s |%n| OS | %s %s |%n| Java | %s (%s) |%n| Redis | %s |%n| gateway build | commit %s%s, quarkus-app built %s |%n",
        Runtime.getRuntime().availableProcessors(), cpu, mem, System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        Procs.output(List.of("redis-server", "--version"), 5).strip(), commit, dirty.isEmpty() ? "" : " + uncommitted changes (" + String.join(", ", dirty.lines().map(l -> l.substring(Math.min(3, l.length())).replaceAll(".*/", ""))
            .toList()) + ")", jarTime);
  }

  private void writeCharts(Target gateway, Target floor) throws IOException {
    var through = new ArrayList<Svg.Series>();
    var maxOffered = 0.0;
    for (var target : List.of(gateway, floor)) {
      var points = target.ramp.stream().map(r -> new Svg.Point(r.offered, r.achieved)).toList();
      through.add(new Svg.Series(target.name, target == gateway ? "#1f77b4" : "#d62728", false, points));
      maxOffered = Math.max(maxOffered, target.ramp.stream().mapToDouble(r -> r.offered).max().orElse(0));
    }
    through.add(new Svg.Series("offered = achieved", "#999999", true, List.of(new Svg.Point(0, 0), new Svg.Point(maxOffered, maxOffered))));
    Files.writeString(this.results.resolve("throughput.svg"), Svg.lineChart("Scenario A: throughput over offered load (upstream 20 ms)",
        "offered flows/s", "achieved flows/s", false, through));
    var latency = new ArrayList<Svg.Series>();
    latency.add(new Svg.Series("gateway p50", "#1f77b4", false, gateway.ramp.stream().map(r -> new Svg.Point(r.offered, r.flowMillis(50))).toList()));
    latency.add(new Svg.Series("gateway p99", "#17becf", false, gateway.ramp.stream().map(r -> new Svg.Point(r.offered, r.flowMillis(99))).toList()));
    latency.add(new Svg.Series("floor p50", "#d62728", false, floor.ramp.stream().map(r -> new Svg.Point(r.offered, r.flowMillis(50))).toList()));
    latency.add(new Svg.Series("floor p99", "#ff9896", false, floor.ramp.stream().map(r -> new Svg.Point(r.offered, r.flowMillis(99))).toList()));
    Files.writeString(this.results.resolve("latency.svg"), Svg.lineChart("Scenario A: whole-flow latency over offered load",
        "offered flows/s", "latency ms", true, latency));
  }

  private void writeCsv(Target gateway, Target floor) throws IOException {
    var csv = new StringBuilder("target,scenario,mode,offered,achieved,ok_in_window,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,errors\n");
    for (var target : List.of(gateway, floor)) {
      var all = new ArrayList<String[]>();
      target.ramp.forEach(r -> all.add(new String[] {"A-ramp", csvRow(r)}));
      if (target.half != null) {
        all.add(new String[] {"A-half", csvRow(target.half)});
      }
      if (target.b != null) {
        all.add(new String[] {"B", csvRow(target.b)});
      }
      for (var r : all) {
        csv.append(target.name).append(',').append(r[0]).append(',').append(r[1]).append('\n');
      }
    }
    Files.writeString(this.results.resolve("points.csv"), csv.toString());
  }

  private static String csvRow(LoadDriver.Result r) {
    return String.format(Locale.ROOT, "%s,%.1f,%.1f,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d", r.mode, r.offered, r.achieved, r.okInWindow, r.flowMillis(50),
        r.flowMillis(90), r.flowMillis(99), r.flowMillis(99.9), r.flowMillis(100), r.errorCount());
  }

  private static String row(LoadDriver.Result r) {
    return String.format(Locale.ROOT, "| %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.0f %% | %.0f %% | %d | %s |", r.offered, r.achieved, r.flowMillis(50),
        r.flowMillis(90), r.flowMillis(99), r.flowMillis(100), r.targetCpuMillisPerFlow, r.machineBusyPercent, r.foreignBusyPercent, r.targetRssMaxKib / 1024,
        errors(r));
  }

  private static String errors(LoadDriver.Result r) {
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

  private static String threadsText(Map<String, Integer> threads) {
    var parts = new ArrayList<String>();
    threads.forEach((k, v) -> parts.add(k + " " + v));
    return String.join(", ", parts);
  }

  private static String pct(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f %%", 100 * value) : "n/a";
  }

  private static String met(boolean ok) {
    return ok ? "**yes**" : "**no**";
  }

  private static long median(long[] values) {
    var sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
  }

  private static String tail(Path file, int lines) {
    try {
      var all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  // ------------------------------------------------------------------------------------------------ soak (issue 6)

  /** Counts keys without a TTL and keys per kind ({@code gw:<kind>:}), in one server-side pass. */
  private static final String KEY_CENSUS = "local kinds, nottl = {}, 0 "
      + "for _, k in ipairs(redis.call('KEYS', 'gw:*')) do "
      + "local kind = string.match(k, '^gw:([a-z]+)') or 'other'; kinds[kind] = (kinds[kind] or 0) + 1; "
      + "if redis.call('PTTL', k) == -1 then nottl = nottl + 1 end end "
      + "local out = {'nottl', tostring(nottl)} for kind, n in pairs(kinds) do table.insert(out, kind); table.insert(out, tostring(n)) end "
      + "return out";

  private Map<String, Long> keyCensus() throws IOException {
    var reply = Procs.output(List.of("redis-cli", "-p", Integer.toString(this.redisPort), "EVAL", KEY_CENSUS, "0"), 60).strip().split("\\s+");
    var census = new TreeMap<String, Long>();
    for (int i = 0; i + 1 < reply.length; i += 2) {
      census.put(reply[i], Long.parseLong(reply[i + 1]));
    }
    return census;
  }

  /**
   * Scenario S: the gateway under a steady open-model load (--soak-rate flows/s, default 650 = half the recorded peak)
   * for --soak-minutes (10), sampled every 10 s (flows, errors, p99, RSS, Redis keys by kind, keys without TTL); then
   * --soak-after-s (150) without load (after the same warm-up as scenario A: 10 s each at 100, 400, 800 flows/s), sampled the same way, to watch the short-lived keys expire. Flow TTLs are the
   * defaults unless --D overrides them. Writes results/soak.md.
   */
  private void soak() throws Exception {
    var rate = doubleOpt("soak-rate", 650);
    var minutes = intOpt("soak-minutes", 10);
    var running = startGateway("soak", List.of());
    var pid = running.process().pid();
    var driver = new LoadDriver(this.vertx, "127.0.0.1", running.port(), this.simulator, this.sequence, intOpt("driver-connections", 4000),
        intOpt("request-timeout-ms", 30_000));
    this.simulator.latencyMillis(intOpt("a-latency-ms", 20));
    for (var warmRate : this.options.getOrDefault("warmup-rates", "100,400,800").split(",")) {
      log("soak warm-up: %s", driver.runOpen(Double.parseDouble(warmRate), intOpt("warmup-ms", 10_000), 0, 5_000, intOpt("max-in-flight", 20_000)));
    }
    var rows = new ArrayList<String>();
    var baseline = keyCensus();
    long flows = 0;
    long errors = 0;
    var t0 = System.nanoTime();
    try {
      for (int slice = 0; slice < minutes * 6; slice++) {
        var r = driver.runOpen(rate, 10_000, 0, 2_000, intOpt("max-in-flight", 20_000));
        flows += r.ok;
        errors += r.errorCount();
        var census = keyCensus();
        rows.add(String.format(Locale.ROOT, "| %.0f | load | %d | %d | %.1f | %d | %d | %d | %s |", (System.nanoTime() - t0) / 1e9, r.ok,
            r.errorCount(), r.flowMillis(99), Procs.rssKib(pid) / 1024, census.values().stream().mapToLong(Long::longValue).sum()
                - census.getOrDefault("nottl", 0L), census.getOrDefault("nottl", 0L), kinds(census)));
        log("soak %s  [%s]", rows.get(rows.size() - 1), r);
      }
      for (int i = 0; i < intOpt("soak-after-s", 150) / 10; i++) {
        Thread.sleep(10_000);
        var census = keyCensus();
        rows.add(String.format(Locale.ROOT, "| %.0f | idle | 0 | 0 | – | %d | %d | %d | %s |", (System.nanoTime() - t0) / 1e9, Procs.rssKib(pid) / 1024,
            census.values().stream().mapToLong(Long::longValue).sum() - census.getOrDefault("nottl", 0L), census.getOrDefault("nottl", 0L), kinds(census)));
        log("soak %s", rows.get(rows.size() - 1));
      }
    } finally {
      driver.close();
      Procs.stop(running.process());
    }
    var out = new StringBuilder();
    out.append("# Soak run\n\nWritten by `").append(this.commandLine).append("` on ").append(java.time.Instant.now()).append(".\n\n");
    out.append(String.format(Locale.ROOT, "Gateway (prod profile, `%s`) at **%.0f flows/s** (open model, upstream latency %d ms) for %d min, then %d s without "
        + "load. Flows: %d completed, **%d errors (%.4f %%)**. Redis keys at start: %s. Machine: 2 cores shared by driver, simulator, Redis and "
        + "gateway.%n%n", String.join(" ", this.jvmOptions), rate, intOpt("a-latency-ms", 20), minutes, intOpt("soak-after-s", 150), flows, errors,
        flows == 0 ? 0.0 : 100.0 * errors / (flows + errors), baseline));
    out.append("| t s | phase | flows ok (10 s) | errors | p99 ms | gateway RSS MiB | Redis keys | keys without TTL | keys by kind |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    rows.forEach(row -> out.append(row).append('\n'));
    Files.writeString(this.results.resolve("soak.md"), out.toString());
    log("soak: %d flows, %d errors; results/soak.md", flows, errors);
  }

  private static String kinds(Map<String, Long> census) {
    var text = new StringBuilder();
    census.forEach((kind, n) -> {
      if (!kind.equals("nottl")) {
        text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ').append(n);
      }
    });
    return text.toString();
  }
}
