package io.associationgateway.state;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.associationgateway.failure.StateStoreUnavailableException;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * One long-lived Redis connection that every request pipelines its commands on, re-opened on the next command after it
 * broke (connection closed, or {@code READONLY}: a Sentinel failover demoted the server it points at).
 *
 * <p>Why not the client's pool: a Redis Cluster client takes, for every command, one pooled connection to each master
 * at once; when the pools run dry under a burst, commands that hold a connection to one master wait forever for
 * another (Vert.x pools have no acquire timeout), and the gateway stops. One multiplexed connection (per master, on a
 * cluster) has no such cycle, needs no pool acquire per command, and is how Redis is meant to be pipelined; the
 * per-connection queue of commands in flight is {@code quarkus.redis.max-waiting-handlers}.
 */
final class SharedRedisConnection implements RedisConnection {

  private final Vertx vertx;
  private final Redis client;
  private final long timeoutMillis;
  private final AtomicReference<Future<RedisConnection>> current = new AtomicReference<>();
  /** Set once the application stops: Quarkus then closes the Redis client, and the end of the connection is expected. */
  private volatile boolean stopping;

  SharedRedisConnection(Vertx vertx, Redis client, Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * The open (or opening) connection, or a new one. Lock-free on purpose: the Redis client runs our exception and end
   * handlers ({@link #forget}) while it holds its connection's monitor, and {@link #forget} closes the pooled connection,
   * which takes that monitor. With a monitor of ours around both, one event loop inside the client's {@code fail} waited
   * for ours while another, closing, waited for the client's, and every loop then queued on ours (checked against Vert.x
   * 4.5.25; {@code SharedRedisConnectionTest} reproduces it).
   */
  private Future<RedisConnection> connection() {
    while (true) {
      var open = this.current.get();
      if (open != null && !open.failed()) {
        return open;
      }
      var opening = Promise.<RedisConnection>promise();
      if (this.current.compareAndSet(open, opening.future())) {
        this.client.connect().onComplete(opened -> {
          if (opened.succeeded()) {
            opened.result().exceptionHandler(failure -> forget(opening.future(), failure));
            opened.result().endHandler(ended -> forget(opening.future(), null));
          }
          opening.handle(opened);
        });
        return opening.future();
      }
    }
  }

  private void forget(Future<RedisConnection> broken, Throwable why) {
    if (this.current.compareAndSet(broken, null)) {
      var reason = why == null ? "closed" : why.getMessage();
      if (this.stopping) {
        Log.debugf("Redis connection ended while stopping (%s)", reason);
      } else {
        Log.warnf("Redis connection lost (%s); the next command opens a new one", reason);
      }
      broken.onSuccess(RedisConnection::close); // also one still opening when its deadline passed
    }
  }

  /**
   * The application is stopping ({@code ShutdownEvent}, after the requests in flight have finished): the connection's
   * end is no longer news. Only the log level changes; a command sent after this still works.
   */
  void stopping() {
    this.stopping = true;
  }

  @Override
  public Future<Response> send(Request command) {
    var connection = connection();
    return bounded(connection, connection.compose(open -> open.send(command)));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    var connection = connection();
    return bounded(connection, connection.compose(open -> open.batch(commands)));
  }

  /**
   * {@code answer}, or {@link RedisDeadline.Exceeded} after the deadline (then the connection is dropped as stuck).
   * Completes on the caller's context: the connection's own futures complete on the event loop that opened it, and
   * every request's continuation would otherwise run on that one loop, whichever loop the request belongs to.
   */
  private <T> Future<T> bounded(Future<RedisConnection> connection, Future<T> answer) {
    // the gateway's only use of a Vert.x internal API (ContextInternal.promise), checked against Vert.x 4.5.25
    Promise<T> promise = ((ContextInternal) this.vertx.getOrCreateContext()).promise();
    var timer = this.vertx.setTimer(this.timeoutMillis, fired -> {
      var exceeded = new RedisDeadline.Exceeded(Duration.ofMillis(this.timeoutMillis));
      if (promise.tryFail(new StateStoreUnavailableException(exceeded))) {
        forget(connection, exceeded);
      }
    });
    answer.onComplete(result -> {
      this.vertx.cancelTimer(timer);
      if (result.failed()) {
        afterFailure(connection, result.cause());
      }
      if (result.succeeded()) {
        promise.tryComplete(result.result());
      } else {
        promise.tryFail(typed(result.cause()));
      }
    });
    return promise.future();
  }

  /**
   * Error replies that mean Redis cannot serve now, not a bad command: the server's (failover, memory, loading, cluster
   * down), and {@code CONNECTION_CLOSED}, which no server sends: the Vert.x client fails the commands still in flight
   * with it when the connection ends (a killed or restarted Redis; checked against Vert.x 4.5.25).
   */
  private static final Set<String> OUTAGE_REPLIES = Set.of("READONLY", "OOM", "LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "BUSY",
      "NOREPLICAS", "MISCONF", "CONNECTION_CLOSED");

  /**
   * The failure a caller sees. A broken, refused or closed connection, and a server error reply that means Redis cannot
   * serve now ({@link #OUTAGE_REPLIES}), become a {@link StateStoreUnavailableException}, the one type the API maps to
   * {@code 503} for Redis. Any other server error reply is an answer to this command and stays as it came: callers act
   * on {@code NOSCRIPT} ({@link LuaScript} sends the script again) and {@code BUSYGROUP} (the webhook group exists), and
   * anything else is a bug (500).
   */
  static Throwable typed(Throwable failure) {
    // ErrorType is the Vert.x Redis client's server error reply (an impl class; checked against Vert.x 4.5.25)
    if (failure instanceof ErrorType reply) {
      var message = String.valueOf(reply.getMessage());
      var code = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : message;
      return OUTAGE_REPLIES.contains(code) ? new StateStoreUnavailableException(failure) : failure;
    }
    return new StateStoreUnavailableException(failure);
  }

  private void afterFailure(Future<RedisConnection> connection, Throwable failure) {
    var message = String.valueOf(failure.getMessage());
    // a server error reply (WRONGTYPE, NOSCRIPT, ...) leaves the connection fine; a demoted master or a broken socket does not
    if (message.startsWith("READONLY") || message.startsWith("CONNECTION_CLOSED") || message.contains("closed")
        || message.contains("Connection reset")
        || connection.failed()) {
      forget(connection, failure);
    }
  }

  @Override
  public Future<Void> close() {
    var open = this.current.getAndSet(null);
    return open == null ? Future.succeededFuture() : open.compose(RedisConnection::close);
  }

  @Override
  public boolean pendingQueueFull() {
    var open = this.current.get();
    return open != null && open.succeeded() && open.result().pendingQueueFull();
  }

  // pub/sub is not used through this connection: its stream side does nothing

  @Override
  public RedisConnection exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public RedisConnection handler(Handler<Response> handler) {
    return this;
  }

  @Override
  public RedisConnection pause() {
    return this;
  }

  @Override
  public RedisConnection resume() {
    return this;
  }

  @Override
  public RedisConnection fetch(long amount) {
    return this;
  }

  @Override
  public RedisConnection endHandler(Handler<Void> handler) {
    return this;
  }
}
