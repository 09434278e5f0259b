package io.associationgateway.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's options ({@code --key value} or {@code --key=value}) and their defaults, in one place: BENCHMARKS.md's
 * option table is {@code bench/run.sh --help}'s output. {@code --D<property>=<value>} passes a system property to the
 * gateway.
 */
final class Options {

  record Def(String key, String value, String what) {
  }

  static final List<Def> DEFAULTS = List.of(
      new Def("phases", "ready,capacity,cost,features,memory", "what to run, in this order: `ready`, `capacity`, `cost`, `features`, `memory`; "
          + "also `profile` (JFR of both targets at `profile-rate`) and `soak` (README, Reliability)"),
      new Def("targets", "gateway,floor", "programs under test"),
      new Def("target-cpus", "1", "the core the program under test is pinned to (`taskset -c`); it also gets `-XX:ActiveProcessorCount=1`"),
      new Def("harness-cpus", "0", "the core of the runner JVM (driver + simulator) and redis-server (run.sh pins the runner; Redis inherits)"),
      new Def("jvm-args", "../src/main/docker/jvm.args", "the image's JVM flags (a Java @argfile), given to the gateway and the floor"),
      new Def("aot-cache", "true", "the gateway starts with the image's AOT cache, made once per run by the Dockerfile's training start (`false`: without)"),
      new Def("pod-memory-mib", "512", "the pod's memory limit (k8s/base/deployment.yaml), given as `-XX:MaxRAM` so the flags size the heap as in the pod"),
      new Def("latency-ms", "20", "upstream latency of every simulated call in `capacity`, `cost`, `features` and `ready`"),
      new Def("warmup", "150:20,300:20,600:20", "fixed warm-up of every freshly started target before anything is measured, `rate:seconds` steps"),
      new Def("warmup-settle-jit-percent", "2", "after the fixed steps, the warm-up goes on at the highest step's rate until the target's JIT compiled for less than this % of a slice"),
      new Def("warmup-settle-slice-s", "15", "length of one slice of that settling"),
      new Def("warmup-settle-max-s", "300", "longest settling; a target that has not settled by then is measured anyway and marked in `summary.md`"),
      new Def("max-harness-lag-ms", "5", "a point whose harness send or timer lag p99 exceeds this is rejected and repeated"),
      new Def("max-foreign-percent", "10", "a point during which other processes used more than this % of the machine is rejected and repeated"),
      new Def("retries", "3", "repetitions of a rejected point before it is kept, marked rejected"),
      new Def("cap-p99-ms", "150", "capacity: the latency bound (whole flow, from the intended start)"),
      new Def("cap-point-s", "60", "capacity: measured length of each probe"),
      new Def("cap-lead-s", "5", "capacity: unmeasured start of each probe"),
      new Def("cap-precision", "0.03", "capacity: bisection stops when (fail − pass) ÷ pass ≤ this"),
      new Def("cap-runs", "3", "capacity: searches per target (median reported), interleaved gateway, floor, floor, gateway, gateway, floor"),
      new Def("cap-start", "400", "capacity: first probe of the first search (later searches start at the previous result)"),
      new Def("cap-factor", "1.5", "capacity: bracketing step of the first search (later searches: 1.1)"),
      new Def("cost-rates", "250,500", "cost and features: fixed rates, flows/s"),
      new Def("cost-reps", "5", "cost and features: repetitions per rate"),
      new Def("cost-rep-s", "25", "cost and features: measured length of one repetition"),
      new Def("cost-lead-s", "5", "cost and features: unmeasured lead-in before each repetition"),
      new Def("heap-concurrency", "500,1000,2000,4000", "memory: closed-loop flows in flight for the live-heap slope"),
      new Def("heap-latency-ms", "500", "memory: upstream latency (scenario B)"),
      new Def("heap-s", "30", "memory: length of each concurrency level (live heap read in its second half)"),
      new Def("heap-gcs", "3", "memory: full collections (`jcmd GC.class_histogram`) per level; the median of the bytes still reachable at them counts"),
      new Def("heap-max-in-flight", "8192", "memory: `gateway.overload.max-in-flight` for the slope runs only (the shipped 2,048 would refuse 4,000)"),
      new Def("b-concurrency", "2000", "memory: scenario B's flows in flight (its ideal: concurrency ÷ 5 upstream latencies); one of `--heap-concurrency`, whose run at that level measures it"),
      new Def("overload-factor", "1.3", "memory: peak RSS under B × this (shipped configuration: the overload gate refuses the excess)"),
      new Def("overload-s", "40", "memory: length of the overload run"),
      new Def("ready-runs", "5", "ready: starts (median reported)"),
      new Def("rest-traffic-s", "20", "ready: traffic (at the first cost rate) before the RSS at rest is read"),
      new Def("rest-after-s", "10", "ready: quiet time after that traffic before the RSS is read"),
      new Def("profile-rate", "300", "profile: rate of the JFR recordings, flows/s"),
      new Def("soak-rate", "300", "soak: rate, flows/s"),
      new Def("soak-minutes", "10", "soak: length with load"),
      new Def("soak-after-s", "150", "soak: time without load, watching keys expire"),
      new Def("driver-connections", "10000", "load driver: HTTP connections to the target"),
      new Def("request-timeout-ms", "30000", "load driver: timeout of one request"),
      new Def("drain-ms", "15000", "load driver: how long a point waits for its flows to finish"),
      new Def("label", "", "a note printed at the top of `summary.md` (e.g. that the run is a validation run)"),
      new Def("results", "results", "output folder, relative to bench/"),
      new Def("work", "target/bench-run", "logs, pids, keystores, recordings (not committed)"));

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> given;

  Options(Map<String, String> given) {
    DEFAULTS.forEach(d -> this.values.put(d.key(), d.value()));
    for (var key : given.keySet()) {
      if (!key.startsWith("D") && !key.equals("help") && !this.values.containsKey(key)) {
        throw new IllegalArgumentException("unknown option --" + key + " (bench/run.sh --help lists them)");
      }
    }
    this.values.putAll(given);
    this.given = given;
    if (!List.of(get("heap-concurrency").split(",")).contains(get("b-concurrency"))) {
      // scenario B is measured by the live-heap run at that level: refused before an hour's run rather than reported as NaN
      throw new IllegalArgumentException("--b-concurrency " + get("b-concurrency") + " must be one of --heap-concurrency " + get("heap-concurrency"));
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

  String get(String key) {
    var value = this.values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no option " + key);
    }
    return value;
  }

  int i(String key) {
    return Integer.parseInt(get(key));
  }

  long l(String key) {
    return Long.parseLong(get(key));
  }

  double d(String key) {
    return Double.parseDouble(get(key));
  }

  List<String> list(String key) {
    return Arrays.stream(get(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  List<Double> doubles(String key) {
    return list(key).stream().map(Double::parseDouble).toList();
  }

  boolean phase(String name) {
    return list("phases").stream().anyMatch(p -> p.equalsIgnoreCase(name));
  }

  /** {@code --D<property>=<value>} options: system properties for the gateway. */
  Map<String, String> gatewayProperties() {
    var out = new LinkedHashMap<String, String>();
    this.given.forEach((k, v) -> {
      if (k.startsWith("D")) {
        out.put(k.substring(1), v);
      }
    });
    return out;
  }

  /** The options that differ from the defaults, as given. */
  Map<String, String> overridden() {
    return this.given;
  }

  static String markdownTable() {
    var out = new StringBuilder("| option | default | what |\n|---|---|---|\n");
    for (var d : DEFAULTS) {
      out.append(String.format(Locale.ROOT, "| `--%s` | `%s` | %s |%n", d.key(), d.value(), d.what()));
    }
    out.append("| `--D<property>=<value>` | – | a system property for the gateway, e.g. `--Dquarkus.redis.max-pool-size=64` |\n");
    return out.toString();
  }
}
