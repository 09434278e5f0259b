package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.StateStoreUnavailableException;
import io.vertx.core.json.JsonObject;

/** How raw and typed failures leave the API: Redis outages arrive typed, raw socket failures are the client's. */
class ErrorMapperTest {

  private final ErrorMapper mapper = new ErrorMapper();

  @Test
  void aStateStoreOutageIsA503TheClientMayRetry() {
    var response = this.mapper.mapGateway(new StateStoreUnavailableException(new IOException("Connection reset by peer")));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(new JsonObject((String) response.getEntity()).getString("error")).isEqualTo("unavailable");
    assertThat(new JsonObject((String) response.getEntity()).getInteger("error_code")).isEqualTo(ErrorId.UNAVAILABLE.code());
  }

  @Test
  void aRawSocketFailureIsTheClientsConnectionNotAnOutage() {
    assertThat(this.mapper.mapUnexpected(new SocketException("Connection reset")).getStatus()).isEqualTo(400);
    assertThat(this.mapper.mapUnexpected(new ClosedChannelException()).getStatus()).isEqualTo(400);
  }

  @Test
  void anythingElseUnexpectedIsA500() {
    var response = this.mapper.mapUnexpected(new IllegalStateException("bug"));

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(new JsonObject((String) response.getEntity()).getString("error")).isEqualTo("internal");
  }
}
