package io.associationgateway.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Runs whole association flows (sudo → send code → verify → bind) against a target, each flow with its own user
 * ({@code Authorization: Bearer bench-<n>}, which the simulator answers as user {@code u-<n>}) and its own phone number
 * ({@code +86 138} + 8 digits of n). The code is read from the simulator's SMS record, in-process.
 *
 * <p>Open model ({@link #runOpen}): Poisson arrivals at {@code rate} flows/s (exponential gaps from a seeded random
 * source, so every run offers the same sequence), each flow due at its arrival time whatever happened before; it is
 * launched as soon as the driver's event loop gets to it (how late: {@link Result#sendLag}, the harness's send lag), and its latency is measured from that intended start, so a stalled
 * target or a stalled driver shows up as latency instead of hiding it (coordinated omission). Closed model
 * ({@link #runClosed}): a fixed number of flows in flight, each virtual user starting its next flow as soon as the last
 * one ended.
 *
 * <p>Per-step latency is from the moment the step's request was issued (for the first step: the flow's intended
 * start) to its answer. Only flows whose start falls in the measurement window (after the warm-up) are recorded;
 * throughput is the number of flows that completed successfully inside the window, per second of window.
 */
public final class LoadDriver {

  static final String[] STEPS = {"sudo", "send", "verify", "bind"};
  private static final long HIGHEST = TimeUnit.SECONDS.toNanos(120);

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final String host;
  private final int port;
  private final UpstreamSimulator simulator;
  private final AtomicLong sequence;
  private final long timeoutMillis;
  private final boolean features;
  private int inFlight;

  /** The web origin the production-features-on variant sends (and the gateway is configured to allow). */
  static final String ORIGIN = "https://app.bench.example";

  public LoadDriver(Vertx vertx, String host, int port, UpstreamSimulator simulator, AtomicLong sequence, int maxConnections,
      long timeoutMillis) {
    this(vertx, host, port, simulator, sequence, maxConnections, timeoutMillis, false);
  }

  /**
   * {@code features}: every step as a browser behind a proxy would send it with the production features on: a CORS
   * preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-*}) before each step, {@code Origin}
   * on the request, a fresh {@code Idempotency-Key} on every step and {@code X-Forwarded-For} with the flow's own client
   * address (from 198.18.0.0/15, the benchmarking range), which the gateway trusts from 127.0.0.1.
   */
  public LoadDriver(Vertx vertx, String host, int port, UpstreamSimulator simulator, AtomicLong sequence, int maxConnections,
      long timeoutMillis, boolean features) {
    this.features = features;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.host = host;
    this.port = port;
    this.simulator = simulator;
    this.sequence = sequence;
    this.timeoutMillis = timeoutMillis;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(maxConnections).setTcpNoDelay(true)
        .setConnectTimeout(10_000).setMaxWaitQueueSize(-1).setIdleTimeout(60));
  }

  /** What one load point measured. */
  public static final class Result {
    public final String mode;
    public final double offered;
    public final double windowSeconds;
    public final Histogram flow = new Histogram(HIGHEST, 3);
    public final Histogram[] steps = new Histogram[STEPS.length];
    public final Map<String, Long> errors = new TreeMap<>();
    /** How late each open-model flow was launched after its intended start, ns (harness send lag). */
    public final Histogram sendLag = new Histogram(HIGHEST, 3);
    /** Flows slower than {@link #slowNanos} (for the fail-fast check). */
    public long slow;
    long slowNanos = Long.MAX_VALUE;
    /** True when the point was cut short because it could no longer pass. */
    public boolean aborted;
    public long launched;
    public long ok;
    public long okInWindow;
    public long unfinished;
    public long dropped;
    /**
     * Open model: flows whose intended start fell in the window, launched or dropped. The Poisson draw puts more or fewer
     * than {@code offered × windowSeconds} there; completions are compared with this count, not with the nominal rate.
     */
    public long arrivalsInWindow;
    public double achieved;
    /** CPU time the target process used per successful flow over the whole point (warm-up and drain included), ms; -1 unknown. */
    public double targetCpuMillisPerFlow = -1;
    /** Share of the machine's 2 cores busy over the point (all processes), %; -1 unknown. */
    public double machineBusyPercent = -1;
    /** CPU of processes other than the target, this runner (driver + simulator) and redis-server, % of the machine; -1 unknown. */
    public double foreignBusyPercent = -1;
    /** Highest VmRSS of the target sampled during the point, KiB; -1 unknown. */
    public long targetRssMaxKib = -1;
    long windowStart;
    long windowEnd;
    long issueEnd = Long.MAX_VALUE;
    boolean issuing = true;
    boolean closed;
    int inFlight;

    Result(String mode, double offered, double windowSeconds) {
      this.mode = mode;
      this.offered = offered;
      this.windowSeconds = windowSeconds;
      for (int i = 0; i < this.steps.length; i++) {
        this.steps[i] = new Histogram(HIGHEST, 3);
      }
    }

    public long errorCount() {
      return this.errors.values().stream().mapToLong(Long::longValue).sum() + this.unfinished + this.dropped;
    }

    public double flowMillis(double percentile) {
      return this.flow.getTotalCount() == 0 ? Double.NaN : this.flow.getValueAtPercentile(percentile) / 1e6;
    }

    /** Open model: flows completed in the window ÷ flows that arrived in it (below 1 when a backlog grows or flows fail). */
    public double completedShare() {
      return this.arrivalsInWindow == 0 ? Double.NaN : (double) this.okInWindow / this.arrivalsInWindow;
    }

    public double stepMillis(int step, double percentile) {
      return this.steps[step].getTotalCount() == 0 ? Double.NaN : this.steps[step].getValueAtPercentile(percentile) / 1e6;
    }

    void error(String key) {
      this.errors.merge(key, 1L, Long::sum);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%s offered=%.1f achieved=%.1f flows/s ok=%d p50=%.1fms p99=%.1fms max=%.1fms errors=%s unfinished=%d dropped=%d",
          this.mode, this.offered, this.achieved, this.okInWindow, flowMillis(50), flowMillis(99), flowMillis(100), this.errors,
          this.unfinished, this.dropped);
    }
  }

  /** Open model: {@code rate} flows/s for {@code durationMs}; the first {@code warmupMs} are not measured. */
  public Result runOpen(double rate, long durationMs, long warmupMs, long drainMs, int maxInFlight) throws Exception {
    return runOpen(rate, durationMs, warmupMs, drainMs, maxInFlight, Long.MAX_VALUE, 1.0);
  }

  /**
   * Open model with a fail-fast check: once more than {@code (1 - quantile)} of the flows the whole window will offer
   * took longer than {@code slowMillis}, or any flow failed, the point cannot meet "p{@code quantile} ≤ slowMillis and
   * no error" any more; it stops offering load, drains and is marked {@link Result#aborted}.
   */
  public Result runOpen(double rate, long durationMs, long warmupMs, long drainMs, int maxInFlight, long slowMillis, double quantile)
      throws Exception {
    var result = new Result("open", rate, (durationMs - warmupMs) / 1000.0);
    result.slowNanos = slowMillis == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(slowMillis);
    var allowedSlow = (1 - quantile) * rate * result.windowSeconds;
    var done = new CompletableFuture<Result>();
    var random = new java.util.Random(Double.doubleToLongBits(rate) ^ durationMs);
    this.context.runOnContext(v -> {
      var t0 = System.nanoTime();
      result.windowStart = t0 + TimeUnit.MILLISECONDS.toNanos(warmupMs);
      result.windowEnd = t0 + TimeUnit.MILLISECONDS.toNanos(durationMs);
      var nanosPerFlow = 1e9 / rate;
      var next = new long[] {t0};
      this.vertx.setPeriodic(1, timer -> {
        var now = System.nanoTime();
        if (slowMillis != Long.MAX_VALUE && !result.aborted && (result.slow > allowedSlow || result.errorCount() > 0)) {
          result.aborted = true;
          result.windowEnd = Math.min(result.windowEnd, now);
        }
        while (next[0] <= Math.min(now, result.windowEnd)) {
          var intended = next[0];
          next[0] += (long) (-Math.log(1 - random.nextDouble()) * nanosPerFlow);
          if (intended >= result.windowEnd) {
            break;
          }
          var inWindow = intended >= result.windowStart;
          if (inWindow) {
            result.arrivalsInWindow++;
          }
          if (result.inFlight >= maxInFlight) {
            if (inWindow) {
              result.dropped++;
            }
            continue;
          }
          if (inWindow) {
            result.sendLag.recordValue(Math.min(HIGHEST, Math.max(0, now - intended)));
          }
          launch(result, intended, null);
        }
        if (now >= result.windowEnd) {
          this.vertx.cancelTimer(timer);
          result.issuing = false;
          awaitDrain(result, drainMs, done);
        }
      });
    });
    return done.get(durationMs + drainMs + 30_000, TimeUnit.MILLISECONDS);
  }

  /** Closed model: {@code concurrency} virtual users, started over {@code rampMs}, each running flows back to back. */
  public Result runClosed(int concurrency, long durationMs, long warmupMs, long rampMs, long drainMs) throws Exception {
    return runClosed(concurrency, durationMs, warmupMs, rampMs, drainMs, durationMs - warmupMs);
  }

  /** As above, measuring only {@code measureMs} after the warm-up; the users keep going until {@code durationMs}. */
  public Result runClosed(int concurrency, long durationMs, long warmupMs, long rampMs, long drainMs, long measureMs) throws Exception {
    var result = new Result("closed", concurrency, Math.min(durationMs - warmupMs, measureMs) / 1000.0);
    var done = new CompletableFuture<Result>();
    this.context.runOnContext(v -> {
      var t0 = System.nanoTime();
      result.windowStart = t0 + TimeUnit.MILLISECONDS.toNanos(warmupMs);
      result.windowEnd = t0 + TimeUnit.MILLISECONDS.toNanos(Math.min(durationMs, warmupMs + measureMs));
      result.issueEnd = t0 + TimeUnit.MILLISECONDS.toNanos(durationMs);
      for (int i = 0; i < concurrency; i++) {
        var delay = Math.max(1, rampMs * i / concurrency);
        this.vertx.setTimer(delay, id -> virtualUser(result));
      }
      this.vertx.setTimer(durationMs, id -> {
        result.issuing = false;
        awaitDrain(result, drainMs, done);
      });
    });
    return done.get(durationMs + drainMs + 30_000, TimeUnit.MILLISECONDS);
  }

  /** Flows of any earlier run still in flight (late answers after a drain timeout). */
  public int inFlight() throws Exception {
    var answer = new CompletableFuture<Integer>();
    this.context.runOnContext(v -> answer.complete(this.inFlight));
    return answer.get(5, TimeUnit.SECONDS);
  }

  public void close() {
    this.client.close();
  }

  private void virtualUser(Result result) {
    if (System.nanoTime() >= result.issueEnd) {
      return;
    }
    launch(result, System.nanoTime(), ok -> {
      if (ok) {
        virtualUser(result);
      } else {
        this.vertx.setTimer(10, id -> virtualUser(result));
      }
    });
  }

  private void awaitDrain(Result result, long drainMs, CompletableFuture<Result> done) {
    var deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMs);
    this.vertx.setPeriodic(10, timer -> {
      if (result.inFlight == 0 || System.nanoTime() >= deadline) {
        this.vertx.cancelTimer(timer);
        result.closed = true;
        result.unfinished = Math.max(0, result.inFlight);
        var window = Math.max(1e-3, (result.windowEnd - result.windowStart) / 1e9);
        result.achieved = result.okInWindow / (result.aborted ? window : result.windowSeconds);
        done.complete(result);
      }
    });
  }

  // -- one flow: a small state machine on the driver's event loop

  private final class Flow {
    final Result result;
    final long intended;
    final String token;
    final String phone;
    final String e164;
    final java.util.function.Consumer<Boolean> next;
    final boolean measured;
    final String clientIp;
    long stepStart;
    String sudoToken;
    String verificationToken;

    Flow(Result result, long intended, java.util.function.Consumer<Boolean> next) {
      this.result = result;
      this.intended = intended;
      this.next = next;
      var n = LoadDriver.this.sequence.incrementAndGet();
      var digits = String.format("%08d", n % 100_000_000L);
      this.token = "bench-" + n;
      this.phone = "+86 138" + digits;
      this.e164 = "+86138" + digits;
      this.clientIp = "198." + (18 + (n >> 16 & 1)) + "." + (n >> 8 & 255) + "." + (n & 255);
      this.measured = intended >= result.windowStart && intended < result.windowEnd;
      this.stepStart = intended;
    }

    void start() {
      call(0, HttpMethod.POST, "/auth/v1/user/sudo", new JsonObject().put("password", "bench-password"), answer -> {
        this.sudoToken = answer.getString("sudo_token");
        call(1, HttpMethod.POST, "/auth/v1/verification", new JsonObject().put("phone_number", this.phone), sent -> {
          var code = LoadDriver.this.simulator.takeCode(this.e164);
          if (code == null) {
            finish("send:no-code-recorded");
            return;
          }
          call(2, HttpMethod.POST, "/auth/v1/verification/verify",
              new JsonObject().put("verification_id", sent.getString("verification_id")).put("verification_code", code), verified -> {
                this.verificationToken = verified.getString("verification_token");
                call(3, HttpMethod.PATCH, "/auth/v1/user/contact", new JsonObject().put("sudo_token", this.sudoToken)
                    .put("phone_number", this.phone).put("verification_token", this.verificationToken), bound -> finish(null));
              });
        });
      });
    }

    void call(int step, HttpMethod method, String path, JsonObject body, java.util.function.Consumer<JsonObject> then) {
      if (!LoadDriver.this.features) {
        request(step, method, path, body, then);
        return;
      }
      LoadDriver.this.client.request(HttpMethod.OPTIONS, LoadDriver.this.port, LoadDriver.this.host, path)
          .putHeader("Origin", ORIGIN)
          .putHeader("Access-Control-Request-Method", method.name())
          .putHeader("Access-Control-Request-Headers", "authorization,content-type")
          .timeout(LoadDriver.this.timeoutMillis)
          .send()
          .onComplete(preflight -> {
            if (preflight.failed()) {
              finish(STEPS[step] + ":preflight-" + preflight.cause().getClass().getSimpleName());
            } else if (preflight.result().statusCode() != 200 || !ORIGIN.equals(preflight.result().getHeader("Access-Control-Allow-Origin"))) {
              finish(STEPS[step] + ":preflight-" + preflight.result().statusCode());
            } else {
              request(step, method, path, body, then);
            }
          });
    }

    void request(int step, HttpMethod method, String path, JsonObject body, java.util.function.Consumer<JsonObject> then) {
      var request = LoadDriver.this.client.request(method, LoadDriver.this.port, LoadDriver.this.host, path)
          .putHeader("Authorization", "Bearer " + this.token)
          .putHeader("Content-Type", "application/json");
      if (LoadDriver.this.features) {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        request.putHeader("Origin", ORIGIN)
            .putHeader("X-Forwarded-For", this.clientIp)
            .putHeader("Idempotency-Key", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
      }
      request
          .timeout(LoadDriver.this.timeoutMillis)
          .sendBuffer(body.toBuffer())
          .onComplete((AsyncResult<HttpResponse<Buffer>> answer) -> {
            var now = System.nanoTime();
            if (answer.failed()) {
              var cause = answer.cause();
              var kind = cause instanceof java.util.concurrent.TimeoutException
                  || String.valueOf(cause.getMessage()).contains("timeout") ? "timeout" : cause.getClass().getSimpleName();
              finish(STEPS[step] + ":" + kind);
              return;
            }
            var response = answer.result();
            if (response.statusCode() != 200) {
              finish(STEPS[step] + ":" + response.statusCode());
              return;
            }
            if (this.measured && !this.result.closed) {
              this.result.steps[step].recordValue(Math.min(HIGHEST, now - this.stepStart));
            }
            this.stepStart = now;
            JsonObject json;
            try {
              json = response.bodyAsJsonObject();
            } catch (RuntimeException notJson) {
              finish(STEPS[step] + ":bad-body");
              return;
            }
            then.accept(json == null ? new JsonObject() : json);
          });
    }

    void finish(String error) {
      var now = System.nanoTime();
      LoadDriver.this.inFlight--;
      this.result.inFlight--;
      if (!this.result.closed) {
        if (error == null) {
          this.result.ok++;
          if (now >= this.result.windowStart && now < this.result.windowEnd) {
            this.result.okInWindow++;
          }
          if (this.measured) {
            this.result.flow.recordValue(Math.min(HIGHEST, now - this.intended));
            if (now - this.intended > this.result.slowNanos) {
              this.result.slow++;
            }
          }
        } else if (this.measured || (now >= this.result.windowStart && now < this.result.windowEnd)) {
          this.result.error(error);
        }
      }
      if (this.next != null) {
        this.next.accept(error == null);
      }
    }
  }

  private void launch(Result result, long intended, java.util.function.Consumer<Boolean> next) {
    this.inFlight++;
    result.inFlight++;
    result.launched++;
    new Flow(result, intended, next).start();
  }
}
