package io.associationgateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Child processes (redis-server, the gateway, the floor): started, waited for, measured, and always stopped by PID. */
final class Procs {

  private static final List<Process> RUNNING = new CopyOnWriteArrayList<>();
  private static Path pidFile;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Procs::stopAll, "bench-stop-children"));
  }

  private Procs() {
  }

  static void pidFile(Path file) {
    pidFile = file;
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static Process start(List<String> command, Path dir, Path log) throws IOException {
    Files.createDirectories(dir);
    var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // as in the container image: glibc keeps at most two malloc arenas instead of 8 per core, which Netty's threads would fill
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    var process = builder.start();
    RUNNING.add(process);
    if (pidFile != null) {
      Files.writeString(pidFile, process.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return process;
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  static void stop(Process process) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
  }

  static void stopAll() {
    for (var process : new ArrayList<>(RUNNING)) {
      process.destroy();
    }
    for (var process : new ArrayList<>(RUNNING)) {
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
      }
      RUNNING.remove(process);
    }
  }

  /** Polls {@code url} every 5 ms until it answers 200; the milliseconds that took from {@code startNanos}, or -1. */
  static long awaitHttp200(String url, Process process, long startNanos, long timeoutMillis) throws InterruptedException {
    var deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return -1;
      }
      try {
        var connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(200);
        connection.setReadTimeout(2000);
        var status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
          if (in != null) {
            in.readAllBytes();
          }
        }
        if (status == 200) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(5);
    }
    return -1;
  }

  /** Sends one inline Redis command (e.g. PING, FLUSHALL) and returns the first reply line. */
  static String redis(int port, String command) throws IOException {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in = socket.getInputStream();
      var line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().strip();
    }
  }

  static Process startRedis(int port, Path dir) throws Exception {
    Files.createDirectories(dir);
    var process = start(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", dir.toString(), "--daemonize", "no", "--maxclients", "10000"), dir, dir.resolve("redis.log"));
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if ("+PONG".equals(redis(port, "PING"))) {
          return process;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(10);
    }
    stop(process);
    throw new IllegalStateException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
  }

  /** The CPUs this process may run on, from /proc/self/status (e.g. {@code 0} or {@code 0-1}). */
  static String ownCpus() {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException ignored) {
      // unknown
    }
    return "?";
  }

  /** VmRSS of a process in KiB, or -1. */
  static long rssKib(long pid) {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // process ended
    }
    return -1;
  }

  /** CPU time (user + system) a process used so far, in ms, from /proc/<pid>/stat; -1 if gone. */
  static long cpuMillis(long pid) {
    try {
      var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command name: state(0) ... utime is field 14 of the whole line = index 11 here, stime index 12; 100 ticks/s
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }

  /** {busy, total} jiffies of all CPUs from /proc/stat. */
  static long[] machineJiffies() {
    return cpuJiffies("cpu");
  }

  /** {busy, total} jiffies of one CPU ({@code cpu0}, {@code cpu1}) or all ({@code cpu}) from /proc/stat. */
  static long[] cpuJiffies(String name) {
    try {
      var line = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
      var cpu = line.split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user nice system idle iowait irq softirq steal
        total += Long.parseLong(cpu[i]);
      }
      var idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Output of a short command (jcmd, redis-server --version, git). */
  static String output(List<String> command, long timeoutSeconds) {
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var bytes = process.getInputStream().readAllBytes();
      process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
