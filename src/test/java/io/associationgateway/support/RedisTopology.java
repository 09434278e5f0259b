package io.associationgateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real {@code redis-server} processes on loopback in one of three shapes, chosen with the system property
 * {@code gateway.test.redis} (Maven profiles {@code redis-cluster} and {@code redis-sentinel} set it):
 * <ul>
 * <li>{@code standalone} (default): one server;</li>
 * <li>{@code cluster}: three masters joined with {@code redis-cli --cluster create}, all 16,384 slots covered;</li>
 * <li>{@code sentinel}: a master, one replica and three sentinels (quorum 2) watching {@value #MASTER_NAME}.</li>
 * </ul>
 * {@link #quarkusConfig()} is what the gateway needs to use it.
 */
public final class RedisTopology implements AutoCloseable {

  public static final String MASTER_NAME = "gwmaster";

  private final String kind;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> dataPorts = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();

  private RedisTopology(String kind) throws IOException {
    this.kind = kind;
    this.dir = Files.createTempDirectory("gateway-test-redis-" + kind);
  }

  /** The shape named by {@code gateway.test.redis}. */
  public static String configuredKind() {
    return System.getProperty("gateway.test.redis", "standalone").strip();
  }

  public static RedisTopology start(String kind) throws IOException {
    var topology = new RedisTopology(kind);
    try {
      switch (kind) {
        case "standalone" -> topology.dataPorts.add(topology.server(List.of()));
        case "cluster" -> topology.cluster();
        case "sentinel" -> topology.sentinels();
        default -> throw new IllegalArgumentException("gateway.test.redis must be standalone, cluster or sentinel, not " + kind);
      }
      return topology;
    } catch (IOException | RuntimeException e) {
      topology.close();
      throw e;
    }
  }

  public String kind() {
    return this.kind;
  }

  /** The Quarkus properties that point the gateway's Redis client at this topology. */
  public Map<String, String> quarkusConfig() {
    return switch (this.kind) {
      case "cluster" -> Map.of("quarkus.redis.client-type", "cluster", "quarkus.redis.hosts", urls(this.dataPorts));
      case "sentinel" -> Map.of("quarkus.redis.client-type", "sentinel", "quarkus.redis.hosts", urls(this.sentinelPorts),
          "quarkus.redis.master-name", MASTER_NAME, "quarkus.redis.role", "master", "quarkus.redis.auto-failover", "true");
      default -> Map.of("quarkus.redis.hosts", urls(this.dataPorts));
    };
  }

  /** The ports of the data nodes: the standalone server, the cluster's masters, or the sentinel setup's first master and replica. */
  public List<Integer> dataPorts() {
    return List.copyOf(this.dataPorts);
  }

  /** Sentinel only: asks a sentinel to fail over and waits until the old replica is the master. */
  public void failover() throws IOException, InterruptedException {
    var before = currentMasterPort();
    cli(this.sentinelPorts.get(0), "SENTINEL", "FAILOVER", MASTER_NAME);
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (currentMasterPort() == before) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("sentinel failover did not happen within 30 s");
      }
      Thread.sleep(100);
    }
    var after = currentMasterPort();
    while (!cli(after, "ROLE").startsWith("master")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the new master did not take its role within 30 s");
      }
      Thread.sleep(100);
    }
  }

  /** Sentinel only: the port of the master the sentinels currently name. */
  public int currentMasterPort() throws IOException, InterruptedException {
    var reply = cli(this.sentinelPorts.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).strip().split("\\s+");
    return Integer.parseInt(reply[reply.length - 1]);
  }

  private void cluster() throws IOException {
    for (int i = 0; i < 3; i++) {
      this.dataPorts.add(server(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + i + ".conf",
          "--cluster-node-timeout", "2000")));
    }
    var create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    this.dataPorts.forEach(port -> create.add("127.0.0.1:" + port));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    run(create);
    for (var port : this.dataPorts) {
      awaitOutput(port, List.of("CLUSTER", "INFO"), "cluster_state:ok");
    }
  }

  private void sentinels() throws IOException {
    var master = server(List.of());
    this.dataPorts.add(master);
    var replica = server(List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
    this.dataPorts.add(replica);
    awaitOutput(replica, List.of("INFO", "replication"), "master_link_status:up");
    for (int i = 0; i < 3; i++) {
      var port = freePort();
      var config = this.dir.resolve("sentinel-" + port + ".conf");
      Files.writeString(config, String.join("\n",
          "port " + port, "bind 127.0.0.1", "dir " + this.dir,
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2",
          "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
          "sentinel failover-timeout " + MASTER_NAME + " 5000",
          "sentinel parallel-syncs " + MASTER_NAME + " 1", ""), StandardCharsets.UTF_8);
      spawn(List.of("redis-server", config.toString(), "--sentinel"), port);
      this.sentinelPorts.add(port);
    }
    for (var port : this.sentinelPorts) {
      awaitOutput(port, List.of("SENTINEL", "SENTINELS", MASTER_NAME), "127.0.0.1");
    }
  }

  private int server(List<String> extra) throws IOException {
    var port = freePort();
    var command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", this.dir.toString(), "--dbfilename", "dump-" + port + ".rdb"));
    command.addAll(extra);
    spawn(command, port);
    return port;
  }

  private void spawn(List<String> command, int port) throws IOException {
    var process = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true)
        .redirectOutput(this.dir.resolve("redis-" + port + ".log").toFile()).start();
    this.processes.add(process);
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (var ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server on port " + port + " did not start: " + String.join(" ", command), notYet);
        }
        sleep(20);
      }
    }
  }

  private void awaitOutput(int port, List<String> command, String expected) throws IOException {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = cli(port, command.toArray(String[]::new));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (last.contains(expected)) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("redis on port " + port + " never answered " + expected + " to " + command + "; last: " + last);
  }

  /** Runs {@code redis-cli -p port args...} and returns its output. */
  public static String cli(int port, String... args) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws IOException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String urls(List<Integer> ports) {
    return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (var process : this.processes) {
      process.destroy();
    }
    for (var process : this.processes) {
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(this.dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
