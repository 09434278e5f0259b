package io.associationgateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP stand-in between the gateway's mailer and GreenMail that can misbehave the way SMTP servers do: forward
 * ({@link Mode#PASS}), reset the connection, never answer, answer {@code 421}, answer garbage, or dribble the greeting.
 * Counts the connections it accepted. Test code: plain blocking sockets on daemon threads.
 */
public final class SmtpFaultProxy implements AutoCloseable {

  /** How the next connections are treated. */
  public enum Mode {
    PASS, RESET, HANG, REPLY_421, GARBAGE, DRIBBLE
  }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;

  public SmtpFaultProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon("smtp-proxy-accept", this::acceptLoop);
  }

  public int port() {
    return this.server.getLocalPort();
  }

  /** Connections accepted since the proxy started. */
  public int accepted() {
    return this.accepted.get();
  }

  /** Switches behaviour for new connections and drops the open ones. */
  public void mode(Mode next) {
    this.mode = next;
    this.open.forEach(SmtpFaultProxy::quietClose);
    this.open.clear();
  }

  private void acceptLoop() {
    while (!this.server.isClosed()) {
      try {
        var client = this.server.accept();
        this.accepted.incrementAndGet();
        this.open.add(client);
        var current = this.mode;
        daemon("smtp-proxy-" + current, () -> serve(client, current));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client, Mode current) {
    try {
      switch (current) {
        case PASS -> pass(client);
        case RESET -> {
          client.setSoLinger(true, 0);
          client.close();
        }
        case HANG -> drain(client.getInputStream());
        case REPLY_421 -> {
          write(client, "421 4.3.2 Service not available, closing transmission channel\r\n");
          client.close();
        }
        case GARBAGE -> {
          write(client, "\u00ff\u00fe this is not SMTP {\"oops\":\r\n");
          drain(client.getInputStream());
        }
        case DRIBBLE -> {
          for (var b : "220 slow.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII)) {
            client.getOutputStream().write(b);
            client.getOutputStream().flush();
            Thread.sleep(200);
          }
          drain(client.getInputStream());
        }
      }
    } catch (IOException | InterruptedException gone) {
      quietClose(client);
    } finally {
      this.open.remove(client);
    }
  }

  private void pass(Socket client) throws IOException {
    var target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
    this.open.add(target);
    daemon("smtp-proxy-up", () -> pump(target, client));
    pump(client, target);
  }

  private void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException broken) {
      // either side went away
    } finally {
      quietClose(from);
      quietClose(to);
      this.open.remove(from);
      this.open.remove(to);
    }
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static void drain(InputStream in) throws IOException {
    var buffer = new byte[1024];
    while (in.read(buffer) >= 0) {
      // discard until the client gives up
    }
  }

  private static void quietClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static void daemon(String name, Runnable task) {
    var thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    quietClose(this.server);
    mode(Mode.PASS);
  }

  private static void quietClose(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
