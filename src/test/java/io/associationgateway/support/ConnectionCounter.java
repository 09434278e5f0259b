package io.associationgateway.support;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.trafficlistener.WiremockNetworkTrafficListener;

/**
 * Watches the TCP connections a WireMock server accepts: which ones carried a request with a given probe (a
 * {@code connection-probe=<id>} anywhere in the request, e.g. in the query) and which of those were closed, by either
 * side. A test sends its requests with its own probe id, so connections other tests left open or idle do not count.
 */
public final class ConnectionCounter implements WiremockNetworkTrafficListener {

  private static final Pattern PROBE = Pattern.compile("connection-probe=([A-Za-z0-9-]+)");

  private final ConcurrentHashMap<Socket, Set<String>> probesBySocket = new ConcurrentHashMap<>();
  private final Set<Socket> closed = ConcurrentHashMap.newKeySet();

  /** The connections that carried at least one request with {@code probe}. */
  public long carrying(String probe) {
    return this.probesBySocket.values().stream().filter(probes -> probes.contains(probe)).count();
  }

  /** Of those, the ones that have been closed. */
  public long closedCarrying(String probe) {
    return this.probesBySocket.entrySet().stream().filter(entry -> entry.getValue().contains(probe) && this.closed.contains(entry.getKey()))
        .count();
  }

  @Override
  public void opened(Socket socket) {
  }

  @Override
  public void incoming(Socket socket, ByteBuffer bytes) {
    var text = StandardCharsets.ISO_8859_1.decode(bytes.duplicate());
    var matcher = PROBE.matcher(text);
    while (matcher.find()) {
      this.probesBySocket.computeIfAbsent(socket, ignored -> ConcurrentHashMap.newKeySet()).add(matcher.group(1));
    }
  }

  @Override
  public void outgoing(Socket socket, ByteBuffer bytes) {
  }

  @Override
  public void closed(Socket socket) {
    this.closed.add(socket);
  }
}
