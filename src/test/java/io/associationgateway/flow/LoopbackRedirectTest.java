package io.associationgateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8252 loopback redirects: any port on a loopback http URI, nothing else widened. */
class LoopbackRedirectTest {

  @Test
  void aLoopbackHttpUriLosesOnlyItsPort() {
    assertThat(LoopbackRedirect.withoutPort("http://127.0.0.1:41187/?wechat=callback")).isEqualTo("http://127.0.0.1/?wechat=callback");
    assertThat(LoopbackRedirect.withoutPort("http://localhost:8080/cb")).isEqualTo("http://localhost/cb");
  }

  @Test
  void anythingElseIsNotWidened() {
    assertThat(LoopbackRedirect.withoutPort("https://localhost:8443/cb")).isNull();
    assertThat(LoopbackRedirect.withoutPort("http://app.example.com:8080/cb")).isNull();
    assertThat(LoopbackRedirect.withoutPort("http://localhost.attacker.net:80/cb")).isNull();
    assertThat(LoopbackRedirect.withoutPort("http://user@localhost:8080/cb")).isNull();
    assertThat(LoopbackRedirect.withoutPort("http://localhost/cb")).isNull();
    assertThat(LoopbackRedirect.withoutPort("not a uri")).isNull();
  }
}
