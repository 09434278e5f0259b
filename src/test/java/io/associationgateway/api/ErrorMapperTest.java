package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import io.vertx.core.VertxException;

/** Which raw failures mean "Redis is unavailable" (503, retry) rather than a bug (500). */
class ErrorMapperTest {

  @Test
  void socketFailuresOfTheStateStoreAreOutages() {
    assertThat(ErrorMapper.isStateStoreOutage(new IOException("Connection reset by peer"))).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(new SocketException("Connection reset"))).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(new ConnectException("Connection refused"))).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(new IOException("Broken pipe"))).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(new VertxException("Connection was closed"))).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(io.vertx.core.Future.failedFuture("Connection is closed").cause())).isTrue();
    assertThat(ErrorMapper.isStateStoreOutage(new RuntimeException("wrapped", new IOException("Connection reset by peer")))).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(ErrorMapper.isStateStoreOutage(new IOException("Unexpected end-of-input"))).isFalse();
    assertThat(ErrorMapper.isStateStoreOutage(new IllegalStateException("bug"))).isFalse();
    assertThat(ErrorMapper.isStateStoreOutage(new VertxException("something else"))).isFalse();
  }
}
