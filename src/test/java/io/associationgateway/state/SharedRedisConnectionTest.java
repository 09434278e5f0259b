package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.associationgateway.failure.StateStoreUnavailableException;
import io.vertx.core.Vertx;
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
  }
}
