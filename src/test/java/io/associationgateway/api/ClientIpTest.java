package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.associationgateway.config.PolicyConfig;

/** {@link ClientIp}: which address a request counts as, for each peer and {@code X-Forwarded-For}, without a server. */
class ClientIpTest {

  /** A ClientIp trusting these proxies (the only setting it reads). */
  private static ClientIp trusting(String... proxies) {
    var config = (PolicyConfig) Proxy.newProxyInstance(PolicyConfig.class.getClassLoader(), new Class<?>[]{PolicyConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("trustedProxies")) {
            return proxies.length == 0 ? Optional.empty() : Optional.of(List.of(proxies));
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return new ClientIp(config);
  }

  /** Headers as the test writes them: '|' separates two X-Forwarded-For headers, '-' is none. */
  private static List<String> headers(String written) {
    return written.equals("-") ? List.of() : Arrays.asList(written.split("\\|", -1));
  }

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1} -> {2}")
  @CsvSource(delimiter = ';', value = {
      // no trusted proxies: the peer, whatever the header says
      "203.0.113.9; 198.51.100.1; 203.0.113.9",
      "::1; -; ::1",
  })
  void withoutTrustedProxiesThePeerIsTheClient(String peer, String forwarded, String client) {
    assertThat(trusting().of(peer, headers(forwarded))).isEqualTo(client);
  }

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1} -> {2}")
  @CsvSource(delimiter = ';', value = {
      // an untrusted peer's header is ignored (spoofing)
      "203.0.113.9; 198.51.100.1; 203.0.113.9",
      // a trusted peer: the right-most hop that is not a trusted proxy
      "10.0.0.5; 198.51.100.1; 198.51.100.1",
      "10.0.0.5; 6.6.6.6, 198.51.100.1; 198.51.100.1",
      "10.0.0.5; 198.51.100.1, 10.1.2.3; 198.51.100.1",
      "10.0.0.5; 198.51.100.1 ,  10.1.2.3 ; 198.51.100.1",
      // two headers read as one list, in order
      "10.0.0.5; 6.6.6.6|198.51.100.1, 10.9.9.9; 198.51.100.1",
      // IPv6 ranges and hops
      "fd00::1; 2001:db8::7; 2001:db8::7",
      "127.0.0.1; 2001:db8::7, ::1; 2001:db8::7",
      // nothing usable: the peer
      "10.0.0.5; -; 10.0.0.5",
      "10.0.0.5; ''; 10.0.0.5",
      "10.0.0.5; 10.0.0.7, 10.0.0.8; 10.0.0.5",
      // a hop that is not an address is taken as it stands (it is only ever a rate-limit key), never looked up
      "10.0.0.5; unknown; unknown",
  })
  void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient(String peer, String forwarded, String client) {
    assertThat(trusting("10.0.0.0/8", "127.0.0.1", "fd00::/8", "::1/128").of(peer, headers(forwarded))).isEqualTo(client);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "192.168.1.0/25, 192.168.1.127, true",
      "192.168.1.0/25, 192.168.1.128, false",
      "0.0.0.0/0, 8.8.8.8, true",
      "0.0.0.0/0, ::1, false",
      "203.0.113.9, 203.0.113.9, true",
      "203.0.113.9, 203.0.113.10, false",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
  })
  void rangesMatchByPrefix(String range, String address, boolean contained) {
    assertThat(ClientIp.Range.parse(range).contains(ClientIp.Range.address(address))).isEqualTo(contained);
  }

  @Test
  void onlyLiteralAddressesAreReadNeverNames() {
    assertThat(ClientIp.Range.address("localhost")).isNull();
    assertThat(ClientIp.Range.address("example.com")).isNull();
    assertThat(ClientIp.Range.address("")).isNull();
    assertThat(ClientIp.Range.address("1.2.3.4")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void aTrustedProxyThatIsNoAddressIsAConfigurationError() {
    assertThatThrownBy(() -> trusting("proxy.internal")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway.policy.trusted-proxies");
  }
}
