package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;

/** The floor does what any correct gateway must: Redis answers on the caller's loop, a Redis deadline, E.164. */
class FloorTest {

  private static Process redis;
  private static int port;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    port = Procs.freePort();
    redis = Procs.startRedis(port, Files.createTempDirectory("floor-test-redis"));
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Procs.stop(redis);
  }

  private static Floor.Shared shared(String deadlineMillis) {
    return new Floor.Shared(Map.of("redis", "redis://127.0.0.1:" + port, "cloudbase", "http://127.0.0.1:9", "sms", "http://127.0.0.1:9/",
        "redis-deadline-ms", deadlineMillis), vertx);
  }

  /** Two contexts on different event loops (new event-loop contexts take the loops in turn). */
  private static Context[] twoLoops() {
    var a = ((VertxInternal) vertx).createEventLoopContext();
    var b = ((VertxInternal) vertx).createEventLoopContext();
    for (int i = 0; i < 8 && b.nettyEventLoop() == a.nettyEventLoop(); i++) {
      b = ((VertxInternal) vertx).createEventLoopContext();
    }
    assertNotSame(a.nettyEventLoop(), b.nettyEventLoop());
    return new Context[] {a, b};
  }

  private static Thread threadOf(Context context) throws Exception {
    var thread = new CompletableFuture<Thread>();
    context.runOnContext(v -> thread.complete(Thread.currentThread()));
    return thread.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aRedisAnswerCompletesOnTheCallersEventLoopNotOnTheOneThatOpenedTheConnection() throws Exception {
    var shared = shared("2000");
    var loops = twoLoops();
    var opened = new CompletableFuture<Thread>();
    loops[0].runOnContext(v -> shared.send(Command.PING).onComplete(r -> opened.complete(Thread.currentThread())));
    assertSame(threadOf(loops[0]), opened.get(5, TimeUnit.SECONDS));
    var answered = new CompletableFuture<Thread>();
    loops[1].runOnContext(v -> shared.send(Command.GET, "floor-test").onComplete(r -> answered.complete(Thread.currentThread())));
    var caller = threadOf(loops[1]);
    assertNotSame(threadOf(loops[0]), caller);
    assertSame(caller, answered.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aFrozenRedisFailsTheCommandWithA503AtTheDeadline() throws Exception {
    var shared = shared("300");
    var context = ((VertxInternal) vertx).createEventLoopContext();
    var opened = new CompletableFuture<Void>();
    context.runOnContext(v -> shared.send(Command.PING).onComplete(r -> opened.complete(null)));
    opened.get(5, TimeUnit.SECONDS);
    // every client's commands wait 1.5 s: Redis is frozen as far as the floor can tell
    assertEquals("+OK", Procs.redis(port, "CLIENT PAUSE 1500 ALL"));
    var failure = new CompletableFuture<Throwable>();
    context.runOnContext(v -> shared.send(Command.GET, "floor-test").onComplete(r -> failure.complete(r.failed() ? r.cause() : null)));
    var cause = failure.get(5, TimeUnit.SECONDS);
    assertTrue(cause instanceof Floor.Status, "failed with " + cause);
    assertEquals(503, ((Floor.Status) cause).code);
  }

  /**
   * Scripts of the gateway that the benchmark's flow never runs: a refused send's undo (the wide limits never refuse),
   * sudo by a verification token (the flow's sudo is by password) and Idempotency-Key (the features-on variant's).
   */
  private static final Set<String> NOT_ON_THE_FLOW = Set.of("undo-send.lua", "consume-for-sudo.lua", "idempotency-claim.lua",
      "put-hash.lua");

  /**
   * Every script the gateway's stores build ({@code LuaScript.load} in {@code state/}) that the flow reaches runs in
   * the floor too, made of the same files: a script added to the gateway's path without the floor would make the floor
   * lighter than any correct gateway (as the wrong-password budgets once did).
   */
  @Test
  void theFloorRunsEveryScriptOfTheGatewaysFlow() throws Exception {
    var load = Pattern.compile("LuaScript\\.load\\((\"[^)]*)\\)");
    var gateway = new HashSet<List<String>>();
    try (var sources = Files.list(Path.of("../src/main/java/io/associationgateway/state"))) {
      for (var source : sources.toList()) {
        var calls = load.matcher(Files.readString(source));
        while (calls.find()) {
          gateway.add(Arrays.stream(calls.group(1).split(",")).map(name -> name.strip().replace("\"", "")).toList());
        }
      }
    }
    gateway.removeIf(files -> NOT_ON_THE_FLOW.contains(files.get(files.size() - 1)));
    assertTrue(gateway.size() >= 6, "the gateway's scripts were found: " + gateway);
    assertEquals(gateway, new HashSet<>(Floor.SCRIPTS));
  }

  @Test
  void numbersAreNormalisedToE164AsTheGatewayDoes() {
    assertEquals("+8613812345678", Floor.e164("+86 138 1234 5678"));
    assertEquals("+8613812345678", Floor.e164("13812345678"));
    assertEquals("+8613812345678", Floor.e164("+86 13812345678"));
    assertThrows(Floor.Status.class, () -> Floor.e164("+86 123"));
    assertThrows(Floor.Status.class, () -> Floor.e164("not a number"));
    assertEquals("+86138****5678", Floor.masked("+8613812345678"));
  }
}
