package io.associationgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonArray;

/**
 * Starts the programs under test as the pod runs them: pinned to their own core ({@code taskset -c <target-cpus>}) with
 * {@code -XX:ActiveProcessorCount=1} (the pod's 1-CPU limit), {@code -XX:MaxRAM=<pod-memory-mib>m} (the pod's memory
 * limit, which the image's {@code -XX:MaxRAMPercentage} reads) and exactly the image's flags from
 * {@code src/main/docker/jvm.args}, given as an {@code @argfile}. The floor gets the same flags. The harness (this JVM,
 * with the load driver and the simulator, and redis-server, its child) stays on the other core.
 */
final class Targets {

  /** A 40-character code MAC key for the gateway and the floor. */
  static final String HMAC_KEY = Floor.HMAC_KEY_DEFAULT;
  static final String WEBHOOK_SECRET = "bench-only-webhook-secret-0123456789abcdef";
  private static final String STORE_PASSWORD = "bench-only";

  enum Kind {
    GATEWAY, FLOOR;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A started target: the process, its port, its log, how long it took to get ready. */
  record Running(Kind kind, Process process, int port, Path log, long readyMillis) {
    long pid() {
      return this.process.pid();
    }
  }

  private final Options options;
  private final Path work;
  private final Path gatewayJar;
  private boolean cacheMade;
  private final Path luaDir;
  private final Path benchJar;
  private final Path jvmArgs;
  private final UpstreamSimulator simulator;
  private final int redisPort;
  private Path trustStore;
  private Path keyStore;

  Targets(Options options, Path work, UpstreamSimulator simulator, int redisPort) {
    this.options = options;
    this.work = work;
    this.simulator = simulator;
    this.redisPort = redisPort;
    this.gatewayJar = Path.of("../target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
    this.luaDir = Path.of("../src/main/resources/lua").toAbsolutePath().normalize();
    this.benchJar = Path.of(Targets.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toAbsolutePath();
    this.jvmArgs = Path.of(options.get("jvm-args")).toAbsolutePath().normalize();
  }

  Path gatewayJar() {
    return this.gatewayJar;
  }

  /** The image's flags, as the file holds them. */
  List<String> imageFlags() throws IOException {
    return Files.readAllLines(this.jvmArgs, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /**
   * The image's AOT cache for this JVM and jar, made once per run the way the image makes it: the Dockerfile's training
   * start ({@code RUN [...]} in src/main/docker/Dockerfile.jvm), read from the file, with the image's paths mapped to
   * this machine's ({@link #fromImage}) and the same pinning and flags as every start.
   */
  synchronized Path aotCache() throws Exception {
    var cache = this.work.resolve("app.aot");
    if (this.cacheMade) {
      return cache;
    }
    // the training start's flag file, its image paths mapped, written anew each run (the work folder outlives runs)
    var original = Files.readString(Path.of("../src/main/docker/aot-training.args").toAbsolutePath().normalize());
    Files.writeString(this.work.resolve("aot-training.args"), fromImage(original));
    var command = pinnedJava();
    dockerfileExec("RUN").stream().skip(1).map(this::fromImage).forEach(command::add); // after its "java"
    Files.deleteIfExists(cache);
    Files.writeString(this.work.resolve("aot-training-command.txt"), String.join(" ", command) + "\n");
    var process = Procs.start(command, this.work.resolve("gateway-cwd"), this.work.resolve("aot-training.log"));
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.exists(cache)) {
      Procs.stop(process);
      throw new IllegalStateException("the AOT training start failed; see " + this.work.resolve("aot-training.log"));
    }
    this.cacheMade = true;
    return cache;
  }

  /** The arguments of the Dockerfile's exec-form {@code RUN} or {@code ENTRYPOINT}, as written there. */
  private static List<String> dockerfileExec(String keyword) throws IOException {
    var dockerfile = Path.of("../src/main/docker/Dockerfile.jvm").toAbsolutePath().normalize();
    var line = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith(keyword + " [")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no exec-form " + keyword + " in " + dockerfile));
    return new JsonArray(line.substring(keyword.length() + 1)).stream().map(Object::toString).toList();
  }

  /**
   * An argument of the Dockerfile (or the training start's flag file) with the image's paths under /deployments mapped
   * to this run's: the cache, the flag files, the jar and BoringSSL's native library folder.
   */
  private String fromImage(String text) {
    return text.replace("/deployments/app.aot", this.work.resolve("app.aot").toString())
        .replace("/deployments/jvm.args", this.jvmArgs.toString())
        .replace("/deployments/aot-training.args", this.work.resolve("aot-training.args").toString())
        .replace("/deployments/quarkus-run.jar", this.gatewayJar.toString())
        .replace("/deployments/native", this.gatewayJar.resolveSibling("native").toString());
  }

  /**
   * The start of every target JVM's command: pinned to the target core, seeing one processor and the pod's memory
   * limit, on the runner's own java (run.sh starts the runner with the image's Java, BENCH_JAVA).
   */
  private List<String> pinnedJava() {
    return new ArrayList<>(List.of("taskset", "-c", this.options.get("target-cpus"), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=1", "-XX:MaxRAM=" + this.options.i("pod-memory-mib") + "m"));
  }

  /** What every target JVM gets before its own arguments. */
  List<String> jvmPrefix() {
    var command = pinnedJava();
    command.add("@" + this.jvmArgs);
    return command;
  }

  /**
   * A self-signed certificate for 127.0.0.1 (keytool) for the simulator's TLS listeners, and a trust store holding
   * it for the gateway ({@code javax.net.ssl.trustStore}, which Vert.x's clients use when given no trust options).
   */
  Path[] tlsMaterial() throws Exception {
    if (this.keyStore == null) {
      var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      this.keyStore = this.work.resolve("simulator.p12");
      this.trustStore = this.work.resolve("simulator-trust.p12");
      var cert = this.work.resolve("simulator.crt");
      for (var file : List.of(this.keyStore, this.trustStore, cert)) {
        Files.deleteIfExists(file);
      }
      run(List.of(keytool, "-genkeypair", "-alias", "simulator", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
          "-ext", "SAN=ip:127.0.0.1", "-validity", "3", "-keystore", this.keyStore.toString(), "-storetype", "PKCS12",
          "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
      run(List.of(keytool, "-exportcert", "-alias", "simulator", "-keystore", this.keyStore.toString(), "-storepass", STORE_PASSWORD,
          "-file", cert.toString()));
      run(List.of(keytool, "-importcert", "-noprompt", "-alias", "simulator", "-file", cert.toString(), "-keystore", this.trustStore.toString(),
          "-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
    }
    return new Path[] {this.keyStore, this.trustStore};
  }

  static String storePassword() {
    return STORE_PASSWORD;
  }

  private static void run(List<String> command) throws Exception {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  /**
   * The gateway's system properties: the prod profile, upstreams at the simulator, wide policy limits (every flow comes
   * from 127.0.0.1 and the throttles must never refuse a benchmark flow), dummy SMS credentials. With {@code features}:
   * TLS to the simulator, webhooks to its receiver, tracing to its OTLP sink, CORS for the driver's origin, and
   * 127.0.0.1 as the trusted proxy of {@code X-Forwarded-For}.
   */
  Map<String, String> gatewayProperties(int port, boolean features, Map<String, String> extra) throws Exception {
    var props = new LinkedHashMap<String, String>();
    props.put("quarkus.profile", "prod");
    props.put("quarkus.http.host", "127.0.0.1");
    props.put("quarkus.http.port", Integer.toString(port));
    props.put("quarkus.redis.hosts", "redis://127.0.0.1:" + this.redisPort);
    props.put("quarkus.vertx.max-event-loop-execute-time", "100ms");
    props.put("gateway.cloudbase.url", "http://127.0.0.1:" + this.simulator.cloudBasePort());
    props.put("gateway.cloudbase.env-id", "bench-env");
    // the simulator speaks CloudBase's HTTP API: the http directory with the key pair exchanged for a server token
    props.put("gateway.cloudbase.directory", "http");
    props.put("gateway.cloudbase.secret-id", "AKIDbenchcloudbase");
    props.put("gateway.cloudbase.secret-key", "bench-cloudbase-secret-key");
    props.put("gateway.flow.code-hmac-key", HMAC_KEY);
    props.put("gateway.sms.endpoint", "http://127.0.0.1:" + this.simulator.smsPort() + "/");
    props.put("gateway.sms.secret-id", "AKIDbench");
    props.put("gateway.sms.secret-key", "bench-secret-key");
    props.put("gateway.sms.sdk-app-id", "1400000000");
    props.put("gateway.sms.template-id", "100000");
    props.put("gateway.sms.sign-name", "Bench");
    // the prod profile's startup check wants an SMTP server and sender (no e-mail is sent in the benchmark)
    props.put("quarkus.mailer.host", "smtp.bench.invalid");
    props.put("quarkus.mailer.from", "no-reply@bench.invalid");
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
    if (features) {
      var stores = tlsMaterial();
      props.put("javax.net.ssl.trustStore", stores[1].toString());
      props.put("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
      props.put("javax.net.ssl.trustStoreType", "PKCS12");
      props.put("gateway.cloudbase.url", "https://127.0.0.1:" + this.simulator.cloudBaseTlsPort());
      props.put("gateway.sms.endpoint", "https://127.0.0.1:" + this.simulator.smsTlsPort() + "/");
      props.put("gateway.webhooks.endpoints", "https://127.0.0.1:" + this.simulator.cloudBaseTlsPort() + "/bench/webhook");
      props.put("gateway.webhooks.secret", WEBHOOK_SECRET);
      props.put("quarkus.otel.sdk.disabled", "false");
      props.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
      props.put("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + this.simulator.cloudBasePort());
      props.put("quarkus.http.cors.origins", LoadDriver.ORIGIN);
      props.put("gateway.policy.trusted-proxies", "127.0.0.1");
    }
    props.putAll(this.options.gatewayProperties());
    props.putAll(extra);
    return props;
  }

  /** In {@code extraJvm}: start this gateway without the image's AOT cache (the ready phase's comparison). */
  static final String WITHOUT_CACHE = "<without the AOT cache>";

  /** Starts the gateway (plain or with the production features on) and waits for its readiness. */
  Running gateway(String tag, boolean features, List<String> extraJvm, Map<String, String> extraProps) throws Exception {
    var port = Procs.freePort();
    var log = this.work.resolve("gateway-" + tag + ".log");
    var command = pinnedJava();
    // the image's ENTRYPOINT flags (cache, native library path, @jvm.args), as there; its -jar comes last
    var withCache = this.options.get("aot-cache").equals("true") && !extraJvm.contains(WITHOUT_CACHE);
    var entrypoint = dockerfileExec("ENTRYPOINT");
    for (var a : entrypoint.subList(1, entrypoint.size())) { // after its "java"
      if (a.equals("-jar") || a.equals("/deployments/quarkus-run.jar")) {
        continue;
      }
      if (a.contains("/deployments/app.aot")) {
        if (withCache) {
          aotCache();
          command.add(fromImage(a));
        }
        continue;
      }
      command.add(fromImage(a));
    }
    command.addAll(extraJvm.stream().filter(a -> !a.equals(WITHOUT_CACHE)).toList());
    gatewayProperties(port, features, extraProps).forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(this.gatewayJar.toString());
    Files.writeString(this.work.resolve("gateway-" + tag + "-command.txt"), String.join(" ", command) + "\n");
    var t0 = System.nanoTime();
    var process = Procs.start(command, this.work.resolve("gateway-cwd"), log);
    var ready = Procs.awaitHttp200("http://127.0.0.1:" + port + "/q/health/ready", process, t0, 60_000);
    if (ready < 0) {
      Procs.stop(process);
      throw new IllegalStateException("the gateway did not get ready; see " + log + "\n" + BenchRunner.tail(log, 40));
    }
    return new Running(Kind.GATEWAY, process, port, log, ready);
  }

  /** Starts the floor with the same JVM flags and pinning. */
  Running floor(String tag, List<String> extraJvm) throws Exception {
    var port = Procs.freePort();
    var log = this.work.resolve("floor-" + tag + ".log");
    var command = jvmPrefix();
    command.addAll(extraJvm);
    command.addAll(List.of("-cp", this.benchJar.toString(), Floor.class.getName(), "--port", Integer.toString(port),
        "--redis", "redis://127.0.0.1:" + this.redisPort, "--cloudbase", "http://127.0.0.1:" + this.simulator.cloudBasePort(),
        "--sms", "http://127.0.0.1:" + this.simulator.smsPort() + "/", "--lua", this.luaDir.toString(),
        "--http-pool", "4096", "--redis-pool", "32", "--redis-waiting", "4096", "--redis-deadline-ms", "2000"));
    Files.writeString(this.work.resolve("floor-" + tag + "-command.txt"), String.join(" ", command) + "\n");
    var t0 = System.nanoTime();
    var process = Procs.start(command, this.work, log);
    var ready = Procs.awaitHttp200("http://127.0.0.1:" + port + "/ready", process, t0, 30_000);
    if (ready < 0) {
      Procs.stop(process);
      throw new IllegalStateException("the floor did not start; see " + log + "\n" + BenchRunner.tail(log, 40));
    }
    return new Running(Kind.FLOOR, process, port, log, ready);
  }

  Running start(Kind kind, String tag) throws Exception {
    return kind == Kind.GATEWAY ? gateway(tag, false, List.of(), Map.of()) : floor(tag, List.of());
  }
}
