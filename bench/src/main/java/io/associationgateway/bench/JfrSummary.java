package io.associationgateway.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording (jdk.jfr.consumer, the same data {@code jfr print --events jdk.ExecutionSample} shows) and
 * writes a Markdown summary: hottest methods by own samples, the share of samples that pass through each library
 * (inclusive), samples per thread kind, and blocking-looking events (monitor waits, parks, file and socket I/O) seen on
 * Vert.x event-loop threads.
 */
final class JfrSummary {

  /** Libraries whose inclusive share tells where the gateway's CPU goes; first match by frame prefix. */
  private static final Map<String, String> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("logging (org.jboss.logmanager, JSON formatter)", "org.jboss.logmanager");
    AREAS.put("metrics (io.micrometer)", "io.micrometer");
    AREAS.put("Jackson (com.fasterxml.jackson)", "com.fasterxml.jackson");
    AREAS.put("crypto (javax.crypto, sun.security, MessageDigest)", "javax.crypto|sun.security|java.security");
    AREAS.put("SecureRandom", "java.security.SecureRandom|sun.security.provider.NativePRNG");
    AREAS.put("libphonenumber (com.google.i18n)", "com.google.i18n");
    AREAS.put("RESTEasy Reactive (org.jboss.resteasy.reactive)", "org.jboss.resteasy.reactive");
    AREAS.put("Mutiny (io.smallrye.mutiny)", "io.smallrye.mutiny");
    AREAS.put("fault tolerance (io.smallrye.faulttolerance)", "io.smallrye.faulttolerance");
    AREAS.put("ArC / CDI (io.quarkus.arc)", "io.quarkus.arc");
    AREAS.put("Vert.x Redis client (io.vertx.redis)", "io.vertx.redis");
    AREAS.put("Vert.x web client (io.vertx.ext.web.client)", "io.vertx.ext.web.client");
    AREAS.put("Netty (io.netty)", "io.netty");
    AREAS.put("gateway code (io.associationgateway)", "io.associationgateway");
  }

  private JfrSummary() {
  }

  /** Summarises {@code recording} (a .jfr file): {@code java -cp bench.jar io.associationgateway.bench.JfrSummary FILE [SECONDS] [TITLE]}. */
  public static void main(String[] args) throws Exception {
    System.out.println(summarize(Path.of(args[0]), args.length > 2 ? args[2] : args[0], args.length > 1 ? Integer.parseInt(args[1]) : 0));
  }

  /** Only the events of the last {@code lastSeconds} of the recording count (0: all), so a warm-up before it does not. */
  static String summarize(Path recording, String title, int lastSeconds) throws Exception {
    var all = RecordingFile.readAllEvents(recording);
    var end = all.stream().map(RecordedEvent::getStartTime).max(java.util.Comparator.naturalOrder()).orElse(java.time.Instant.EPOCH);
    var from = lastSeconds > 0 ? end.minusSeconds(lastSeconds) : java.time.Instant.MIN;
    var self = new HashMap<String, Integer>();
    var inclusiveGateway = new HashMap<String, Integer>();
    var areas = new LinkedHashMap<String, Integer>();
    AREAS.keySet().forEach(area -> areas.put(area, 0));
    var threads = new HashMap<String, Integer>();
    var blocking = new HashMap<String, long[]>();
    var cpuByThread = new HashMap<String, double[]>();
    int samples = 0;
    for (RecordedEvent event : all) {
      if (event.getStartTime().isBefore(from)) {
        continue;
      }
      var type = event.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        var stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        var frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        var thread = event.getThread("sampledThread");
        threads.merge(threadKind(thread == null ? "?" : thread.getJavaName()), 1, Integer::sum);
        var seenGateway = new HashSet<String>();
        var seenAreas = new HashSet<String>();
        for (var frame : frames) {
          var n = name(frame);
          if (n.startsWith("io.associationgateway.") && seenGateway.add(n)) {
            inclusiveGateway.merge(n, 1, Integer::sum);
          }
          for (var area : AREAS.entrySet()) {
            for (var prefix : area.getValue().split("\\|")) {
              if (n.startsWith(prefix) && seenAreas.add(area.getKey())) {
                areas.merge(area.getKey(), 1, Integer::sum);
              }
            }
          }
        }
      } else if (type.equals("jdk.ThreadCPULoad")) {
        var thread = event.getThread("eventThread");
        var key = thread == null ? "?" : thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        var slot = cpuByThread.computeIfAbsent(key == null ? "?" : key, k -> new double[2]);
        slot[0] += event.getFloat("user") + event.getFloat("system");
        slot[1]++;
      } else if (type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.ThreadPark") || type.equals("jdk.FileWrite")
          || type.equals("jdk.FileRead") || type.equals("jdk.SocketRead") || type.equals("jdk.SocketWrite")) {
        var thread = event.getThread();
        if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith("vert.x-eventloop")) {
          continue;
        }
        var stack = event.getStackTrace();
        var where = stack == null ? "?" : stack.getFrames().stream().limit(12).map(JfrSummary::name)
            .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun."))
            .findFirst().orElse(stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0)));
        var slot = blocking.computeIfAbsent(type.substring(4) + " @ " + where, k -> new long[2]);
        slot[0]++;
        slot[1] += event.getDuration().toNanos();
      }
    }
    var out = new StringBuilder();
    out.append("### ").append(title).append("\n\n");
    out.append(String.format(Locale.ROOT, "%d execution samples (jdk.ExecutionSample, JFR `settings=profile`, every 10 ms per running thread)%s.%n%n", samples,
        lastSeconds > 0 ? " in the last " + lastSeconds + " s of the recording (the measured load; the warm-up before it is left out)" : ""));
    out.append("Samples by thread:\n\n| thread kind | samples | share |\n|---|---:|---:|\n");
    appendRows(out, threads, samples, 10);
    if (!cpuByThread.isEmpty()) {
      var kinds = new HashMap<String, Double>();
      cpuByThread.forEach((thread, load) -> kinds.merge(threadKind(thread), load[0] / load[1], Double::sum));
      var total = kinds.values().stream().mapToDouble(Double::doubleValue).sum();
      out.append("\nCPU by thread kind (jdk.ThreadCPULoad, mean share of the machine over the recording; compiler and GC threads are not in the samples above):\n\n"
          + "| thread kind | CPU (share of the whole machine) |\n|---|---:|\n");
      kinds.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(10)
          .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n", e.getKey(), 100 * e.getValue())));
      out.append(String.format(Locale.ROOT, "| all | %.1f %% |%n", 100 * total));
    }
    out.append("\nHottest methods (own samples, top frame):\n\n| method | samples | share |\n|---|---:|---:|\n");
    appendRows(out, self, samples, 25);
    out.append("\nWhere the time goes (inclusive: samples with at least one frame in the library):\n\n| area | samples | share |\n|---|---:|---:|\n");
    appendRows(out, areas, samples, 30);
    out.append("\nGateway methods on the stack (inclusive):\n\n| method | samples | share |\n|---|---:|---:|\n");
    appendRows(out, inclusiveGateway, samples, 20);
    out.append("\nEvents on Vert.x event-loop threads that may block (JFR thresholds of `settings=profile`: ≥ 10–20 ms):\n\n");
    if (blocking.isEmpty()) {
      out.append("none\n");
    } else {
      out.append("| event @ first non-JDK frame | count | total ms |\n|---|---:|---:|\n");
      blocking.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(15)
          .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f |%n", e.getKey(), e.getValue()[0], e.getValue()[1] / 1e6)));
    }
    return out.toString();
  }

  private static void appendRows(StringBuilder out, Map<String, Integer> counts, int total, int limit) {
    List<Map.Entry<String, Integer>> rows = counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue())).limit(limit).collect(Collectors.toList());
    for (var row : rows) {
      out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", row.getKey(), row.getValue(), 100.0 * row.getValue() / Math.max(1, total)));
    }
  }

  private static String name(RecordedFrame frame) {
    var method = frame.getMethod();
    return method == null ? "?" : method.getType().getName() + "." + method.getName();
  }

  private static String threadKind(String name) {
    if (name == null) {
      return "?";
    }
    if (name.startsWith("vert.x-eventloop")) {
      return "vert.x-eventloop-thread-*";
    }
    if (name.startsWith("executor-thread")) {
      return "executor-thread-* (Quarkus worker pool)";
    }
    if (name.startsWith("vert.x-worker")) {
      return "vert.x-worker-thread-*";
    }
    if (name.contains("GC") || name.startsWith("G1")) {
      return "GC";
    }
    if (name.contains("CompilerThread")) {
      return "JIT compiler";
    }
    return name.replaceAll("[0-9]+", "N");
  }
}
