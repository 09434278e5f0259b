package io.associationgateway.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket, one connection per request ({@code Connection: close}), so the fuzzer can send
 * what stricter clients refuse to: raw bytes in header values, invalid percent-encodings, repeated headers. The HTTP
 * framing itself (request line, header syntax, {@code Content-Length}) is always valid.
 */
final class RawHttp {

  /** A request; header values are byte strings (each char one byte, ISO-8859-1). */
  record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
  }

  /** An answer; header names in lower case. */
  record Answer(int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      var values = this.headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(this.body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {
  }

  static Answer send(int port, Request request, int timeoutMillis) {
    var head = new StringBuilder().append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
    request.headers().forEach(header -> head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n"));
    if (request.body() != null) {
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
    }
    head.append("\r\n");
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      var out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (request.body() != null) {
        out.write(request.body());
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer to " + request.method() + " " + abbreviate(request.target(), 120), e);
    }
  }

  static Answer parse(byte[] raw) {
    var end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (end < 0) {
      throw new IllegalStateException(
          "incomplete answer (" + raw.length + " bytes): " + abbreviate(new String(raw, StandardCharsets.ISO_8859_1), 200));
    }
    var lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    var status = Integer.parseInt(lines[0].split(" ")[1]);
    var headers = new LinkedHashMap<String, List<String>>();
    for (int i = 1; i < lines.length; i++) {
      var colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    var body = Arrays.copyOfRange(raw, end + 4, raw.length);
    var encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.contains("chunked")) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    var out = new ByteArrayOutputStream();
    int position = 0;
    while (position < chunked.length) {
      var lineEnd = indexOf(chunked, new byte[]{'\r', '\n'}, position);
      var size = Integer.parseInt(new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      position = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] needle, int from) {
    outer : for (int i = from; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** At most {@code max} characters, control and non-ASCII characters escaped, for failure reports. */
  static String abbreviate(String text, int max) {
    var out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      var c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > max ? out + "…(" + text.length() + " chars)" : out.toString();
  }
}
