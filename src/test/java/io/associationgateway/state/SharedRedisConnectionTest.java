package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.failure.StateStoreUnavailableException;
import io.associationgateway.support.RedisServerResource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;

/** Where Redis failures get their type: every failure but NOSCRIPT leaves the shared connection as an outage. */
class SharedRedisConnectionTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    this.vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aRedisThatRefusesConnectionsIsAStateStoreOutage() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var connection = new SharedRedisConnection(this.vertx, Redis.createClient(this.vertx, "redis://127.0.0.1:" + port),
        Duration.ofSeconds(2));

    var failure = connection.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture()
        .handle((ok, error) -> error).get(10, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(StateStoreUnavailableException.class);
    assertThat(((StateStoreUnavailableException) failure).id().status()).isEqualTo(503);
  }

  @Test
  void aRedisThatNeverAnswersIsAnOutageAfterTheDeadline() throws Exception {
    try (var silent = new ServerSocket(0)) { // accepts the connection (backlog) and never answers
      var connection = new SharedRedisConnection(this.vertx, Redis.createClient(this.vertx, "redis://127.0.0.1:" + silent.getLocalPort()),
          Duration.ofMillis(300));

      var failure = connection.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture()
          .handle((ok, error) -> error).get(10, TimeUnit.SECONDS);

      assertThat(failure).isInstanceOf(StateStoreUnavailableException.class).hasCauseInstanceOf(RedisDeadline.Exceeded.class);
    }
  }

  /**
   * Redis killed with a command in flight: the server closes the connection without answering, and the Vert.x client
   * fails the command with its own {@code CONNECTION_CLOSED} error reply. That is an outage (503), not a bug (500), and
   * the next command opens a new connection. Here {@code CLIENT KILL} closes the shared connection while its
   * {@code BLPOP} waits.
   */
  @Test
  void aCommandInFlightWhenRedisClosesTheConnectionIsAnOutageAndTheNextOneReconnects() throws Exception {
    try (var redis = RedisServerResource.startEmbedded()) {
      var url = redis.url();
      var connection = new SharedRedisConnection(this.vertx, Redis.createClient(this.vertx, url), Duration.ofSeconds(5));
      var id = await(connection.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
      var blocked = connection.send(Request.cmd(Command.BLPOP).arg("test:shared-connection:never-pushed").arg(10));
      var other = Redis.createClient(this.vertx, url);
      await(other.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)));

      var failure = blocked.toCompletionStage().toCompletableFuture().handle((ok, error) -> error).get(10, TimeUnit.SECONDS);

      assertThat(failure).isInstanceOf(StateStoreUnavailableException.class);
      assertThat(((StateStoreUnavailableException) failure).id().status()).isEqualTo(503);
      assertThat(await(connection.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
      other.close();
      connection.close();
    }
  }

  /**
   * Redis keeps dropping the shared connection while commands come from several event loops at once: every command
   * still ends (answered, or a 503 outage), no event loop stays stuck, and once the drops stop the connection serves
   * again. Guards against a lock cycle between this class and the Redis client, which runs our end and exception
   * handlers while it holds its connection's monitor.
   */
  @Test
  void commandsFromSeveralEventLoopsAllEndWhileRedisKeepsDroppingTheConnection() throws Exception {
    var loops = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    try (var redis = RedisServerResource.startEmbedded()) {
      var url = redis.url();
      var connection = new SharedRedisConnection(loops, Redis.createClient(loops, url), Duration.ofSeconds(2));
      var killer = Redis.createClient(this.vertx, url);
      var sent = new AtomicInteger();
      var unexpected = new ConcurrentLinkedQueue<Throwable>();
      var ended = new AtomicInteger();
      var stop = new AtomicBoolean();
      var contexts = new ArrayList<Context>();
      for (var i = 0; i < 4; i++) {
        var context = ((VertxInternal) loops).createEventLoopContext();
        contexts.add(context);
        context.runOnContext(start -> fire(connection, loops, stop, sent, ended, unexpected));
      }
      for (var kill = 0; kill < 100; kill++) {
        Thread.sleep(10);
        await(killer.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("normal").arg("SKIPME").arg("yes")));
      }
      stop.set(true);

      var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (ended.get() < sent.get() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(ended.get()).as(() -> "commands that ended, of " + sent.get() + " sent; threads:\n" + threadDump()).isEqualTo(sent.get());
      assertThat(sent.get()).isGreaterThan(100);
      assertThat(unexpected).isEmpty();
      for (var context : contexts) { // every loop still runs tasks
        var ran = new CompletableFuture<Boolean>();
        context.runOnContext(probe -> ran.complete(true));
        assertThat(ran.get(2, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(await(connection.send(Request.cmd(Command.PING))).toString()).isEqualTo("PONG");
      killer.close();
      connection.close();
    } finally {
      // a stuck loop would hang close() too and hide the failure above
      loops.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
  }

  private static String threadDump() {
    var dump = new StringBuilder();
    for (var thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      if (thread.getThreadName().startsWith("vert.x-eventloop")) {
        dump.append(thread.getThreadName()).append(' ').append(thread.getThreadState()).append(" on ").append(thread.getLockName())
            .append(" held by ").append(thread.getLockOwnerName()).append('\n');
        for (var frame : thread.getStackTrace()) {
          dump.append("    at ").append(frame).append('\n');
        }
      }
    }
    return dump.toString();
  }

  /** Sends PINGs from the current event loop, a few at a time, until {@code stop}; counts each that ends. */
  private static void fire(SharedRedisConnection connection, Vertx loops, AtomicBoolean stop,
      AtomicInteger sent, AtomicInteger ended,
      Queue<Throwable> unexpected) {
    if (stop.get()) {
      return;
    }
    for (var i = 0; i < 8; i++) {
      sent.incrementAndGet();
      connection.send(Request.cmd(Command.PING)).onComplete(result -> {
        if (result.failed() && !(result.cause() instanceof StateStoreUnavailableException)) {
          unexpected.add(result.cause());
        }
        ended.incrementAndGet();
      });
    }
    loops.setTimer(2, next -> fire(connection, loops, stop, sent, ended, unexpected));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void serverRepliesThatAnswerTheCommandStayRawAndOutageRepliesAreTyped() {
    var noScript = ErrorType.create("NOSCRIPT No matching script. Please use EVAL.");
    var busyGroup = ErrorType.create("BUSYGROUP Consumer Group name already exists");
    var wrongType = ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(SharedRedisConnection.typed(noScript)).isSameAs(noScript);
    assertThat(SharedRedisConnection.typed(busyGroup)).isSameAs(busyGroup);
    assertThat(SharedRedisConnection.typed(wrongType)).isSameAs(wrongType);
    assertThat(SharedRedisConnection.typed(ErrorType.create("READONLY You can't write against a read only replica.")))
        .isInstanceOf(StateStoreUnavailableException.class);
    assertThat(SharedRedisConnection.typed(ErrorType.create("OOM command not allowed when used memory > 'maxmemory'.")))
        .isInstanceOf(StateStoreUnavailableException.class);
    assertThat(SharedRedisConnection.typed(ErrorType.create("LOADING Redis is loading the dataset in memory")))
        .isInstanceOf(StateStoreUnavailableException.class);
    assertThat(SharedRedisConnection.typed(ErrorType.create("CONNECTION_CLOSED"))).isInstanceOf(StateStoreUnavailableException.class);
  }
}
