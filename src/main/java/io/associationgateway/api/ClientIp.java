package io.associationgateway.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.associationgateway.config.PolicyConfig;
import io.associationgateway.domain.RequestInfo;
import io.vertx.core.http.HttpServerRequest;

/**
 * The client's IP: the socket's peer, or, when that peer is a configured trusted proxy, the right-most address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Spoofed headers from anyone else are ignored.
 */
@Singleton
public class ClientIp {

  private final List<Range> trusted = new ArrayList<>();

  public ClientIp(PolicyConfig config) {
    config.trustedProxies().orElse(List.of()).forEach(entry -> this.trusted.add(Range.parse(entry.strip())));
  }

  public String of(HttpServerRequest request) {
    return of(request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(),
        request.headers().getAll("X-Forwarded-For"));
  }

  /** The client IP of a request from {@code peer} with these {@code X-Forwarded-For} headers, in their order. */
  String of(String peer, List<String> forwarded) {
    if (this.trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    var hops = new ArrayList<String>();
    forwarded.forEach(header -> {
      for (var hop : header.split(",")) {
        hops.add(hop.strip());
      }
    });
    for (int i = hops.size() - 1; i >= 0; i--) {
      var hop = hops.get(i);
      if (!hop.isEmpty() && !isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  /** Client IP, the request id ({@link RequestIdFilter}) and {@code Accept-Language}. */
  public RequestInfo describe(HttpServerRequest request) {
    return new RequestInfo(of(request), RequestIdFilter.current(), request.getHeader("Accept-Language"));
  }

  private boolean isTrusted(String address) {
    var parsed = Range.address(address);
    return parsed != null && this.trusted.stream().anyMatch(range -> range.contains(parsed));
  }

  /** An address range in CIDR form ({@code 10.0.0.0/8}, {@code ::1/128}) or a single address. */
  record Range(byte[] network, int prefix) {

    static Range parse(String cidr) {
      var slash = cidr.indexOf('/');
      var base = address(slash < 0 ? cidr : cidr.substring(0, slash));
      if (base == null) {
        throw new IllegalArgumentException("gateway.policy.trusted-proxies: not an address or CIDR range: " + cidr);
      }
      var prefix = slash < 0 ? base.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      return new Range(base, prefix);
    }

    boolean contains(byte[] candidate) {
      if (candidate.length != this.network.length) {
        return false;
      }
      for (int bit = 0; bit < this.prefix; bit++) {
        var mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** The bytes of a literal IPv4 or IPv6 address, or {@code null}; never a DNS lookup. */
    static byte[] address(String literal) {
      if (literal.isEmpty() || !(literal.contains(":") || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
        return null;
      }
      try {
        return InetAddress.getByName(literal).getAddress();
      } catch (UnknownHostException | SecurityException e) {
        return null;
      }
    }
  }
}
