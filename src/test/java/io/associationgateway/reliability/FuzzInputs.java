package io.associationgateway.reliability;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.associationgateway.api.OwnedEndpoint;
import io.vertx.core.http.HttpMethod;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for bad input to the gateway: JSON bodies (wrong types, missing and extra fields, huge and unicode
 * strings, nulls, nested junk, invalid JSON, empty bodies), headers, query strings and path parameters. A share of every
 * field is a valid value from {@link Pool}, so requests also reach the checks behind the first one.
 */
final class FuzzInputs {

  /** Real values for the signed-in fuzz user, issued before the run; some get spent during it. */
  record Pool(String accessToken, String password, List<String> sudoTokens, List<String> verificationIds, List<String> verificationTokens,
      List<String> providerTokens, List<String> phones, List<String> emails) {
  }

  /** A request and the secrets it carries (which no answer may echo). */
  record Sample(RawHttp.Request request, List<String> secrets) {

    String describe() {
      var text = new StringBuilder(this.request.method()).append(' ').append(RawHttp.abbreviate(this.request.target(), 300));
      this.request.headers()
          .forEach(h -> text.append("\n    ").append(h.getKey()).append(": ").append(RawHttp.abbreviate(h.getValue(), 200)));
      var body = this.request.body();
      text.append("\n    body: ").append(body == null ? "(none)" : RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8), 400));
      return text.toString();
    }
  }

  /** JSON {@code null} (jqwik arbitraries cannot yield {@code null} everywhere). */
  enum Json {
    NULL, ABSENT
  }

  /** JSON text written as is: odd numbers, literals. */
  record Raw(String text) {
  }

  private final Pool pool;

  FuzzInputs(Pool pool) {
    this.pool = pool;
  }

  // ---------------------------------------------------------------- endpoints

  Arbitrary<Sample> forEndpoint(OwnedEndpoint endpoint) {
    return switch (endpoint) {
      case SUDO -> jsonRequest("POST", "/auth/v1/user/sudo", Map.of(
          "password", Arbitraries.oneOf(Arbitraries.just(this.pool.password()), Arbitraries.strings().ofMaxLength(20)),
          "verification_token", verificationTokens()));
      case SEND_CODE -> jsonRequest("POST", "/auth/v1/verification", Map.of(
          "phone_number", phones(), "email", emails(),
          "target", Arbitraries.of("ANY", "USER", "NOT_USER", "CUR_USER", "any", ""),
          "usage", Arbitraries.of("PHONE_NUMBER_CHANGE", "EMAIL_ADDRESS_CHANGE", "SIGN_IN", "REGISTER", "PASSWORD_RESET", "sign_in")));
      case VERIFY_CODE -> jsonRequest("POST", "/auth/v1/verification/verify", Map.of(
          "verification_id",
          Arbitraries.oneOf(Arbitraries.of(this.pool.verificationIds()), lookalike("gwv_"), Arbitraries.of("cloudbase-id", "gwv")),
          "verification_code",
          Arbitraries.oneOf(Arbitraries.strings().numeric().ofLength(6), Arbitraries.strings().numeric().ofMaxLength(9),
              Arbitraries.of("００００００", "١٢٣٤٥٦", " 123456", "12345６", "000000\u0000"))));
      case BIND_CONTACT -> jsonRequest("PATCH", "/auth/v1/user/contact", Map.of(
          "sudo_token",
          Arbitraries.oneOf(sudoTokens(), sudoTokens().map(token -> Map.<String, Object>of("sudo_token", token, "expires_in", 600)),
              sudoTokens().map(token -> Map.<String, Object>of("sudo_token", List.of(token))), Arbitraries.just(Map.of())),
          "phone_number", phones(), "email", emails(), "verification_token", verificationTokens(),
          "conflict_resolution", Arbitraries.of("DEFAULT", "TRANSFER", "DELETE_ACCOUNT_TRANSFER", "default", "MERGE", "")));
      case PROVIDER_URI -> request(Arbitraries.just("GET"), query("/auth/v1/provider/uri", Map.of(
          "provider_id", providerIds(), "redirect_uri", redirectUris(), "provider_redirect_uri", redirectUris(),
          "state", Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), junkString()),
          "scope", Arbitraries.of("snsapi_login", "snsapi_userinfo", "snsapi_base", ""))), smallBodies());
      case PROVIDER_TOKEN -> jsonRequest("POST", "/auth/v1/provider/token", Map.of(
          "provider_id", providerIds(), "provider_code", Arbitraries.of("good-code", "bad-code", "x"),
          "provider_redirect_uri", redirectUris(), "state", Arbitraries.of("s-1", "unknown-state")));
      case BIND_PROVIDER -> jsonRequest("POST", "/auth/v1/user/provider/bind", Map.of(
          "provider_token", Arbitraries.oneOf(Arbitraries.of(this.pool.providerTokens()), lookalike("cb-provider-token-"),
              Arbitraries.of("cloudbase-provider-token"))));
      case UNBIND_PROVIDER -> request(Arbitraries.just("DELETE"), pathParameter("/auth/v1/user/provider/")
          .flatMap(path -> query(path, Map.of())), smallBodies());
    };
  }

  /** Requests that pass through to CloudBase: its own paths, and other methods on the gateway's paths. */
  Arbitrary<Sample> passThrough() {
    var signin = jsonRequest("POST", "/auth/v1/signin",
        Map.of("username", Arbitraries.of("demo", "someone"), "password", Arbitraries.of("passwd")));
    var owned = Arbitraries.of(OwnedEndpoint.values()).map(endpoint -> endpoint.path().replace("{provider_id}", "wx_open"));
    var otherMethod = request(Arbitraries.of("GET", "PUT", "OPTIONS", "DELETE", "POST", "PATCH"),
        owned.flatMap(path -> query(path, Map.of())),
        smallBodies()).filter(
            sample -> !OwnedEndpoint.owns(HttpMethod.valueOf(sample.request().method()),
                sample.request().target().replaceAll("\\?.*", "")));
    var me = request(Arbitraries.just("GET"), query("/auth/v1/user/me", Map.of()), smallBodies());
    return Arbitraries.frequencyOf(Tuple.of(4, signin), Tuple.of(3, otherMethod), Tuple.of(3, me));
  }

  // ---------------------------------------------------------------- requests

  private Arbitrary<Sample> jsonRequest(String method, String path, Map<String, Arbitrary<?>> fields) {
    return request(Arbitraries.just(method),
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(path)), Tuple.of(1, query(path, Map.of()))),
        bodies(fields));
  }

  private Arbitrary<Sample> request(Arbitrary<String> method, Arbitrary<String> target, Arbitrary<byte[]> body) {
    return Combinators.combine(method, target, headers(), body.injectNull(0.05)).as((m, t, h, b) -> {
      var secrets = new ArrayList<String>();
      secrets.add(this.pool.accessToken());
      secrets.add(this.pool.password());
      secrets.addAll(this.pool.sudoTokens());
      secrets.addAll(this.pool.verificationTokens());
      // provider tokens are CloudBase's, minted for whoever exchanges a code: provider/token relays them by design
      return new Sample(new RawHttp.Request(m, t, h, b), secrets);
    });
  }

  // ---------------------------------------------------------------- bodies

  private Arbitrary<byte[]> bodies(Map<String, Arbitrary<?>> fields) {
    var object = object(fields);
    return Arbitraries.frequencyOf(
        Tuple.of(60, Combinators.combine(object, Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 1000))
            .as(FuzzInputs::encodeObject)),
        Tuple.of(8, jsonValue(2).map(value -> utf8(encode(value, false)))),
        Tuple.of(8, invalidJson()),
        Tuple.of(5, Arbitraries.just(new byte[0])),
        Tuple.of(4, nesting()),
        Tuple.of(3, huge(fields)));
  }

  private Arbitrary<byte[]> smallBodies() {
    return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just((byte[]) null)), Tuple.of(2, jsonValue(2).map(v -> utf8(encode(v, false)))),
        Tuple.of(1, invalidJson()), Tuple.of(1, Arbitraries.just(new byte[0])));
  }

  /** A JSON object with the endpoint's fields (each valid, junk, another type, or absent) and sometimes extra ones. */
  private Arbitrary<Map<String, Object>> object(Map<String, Arbitrary<?>> fields) {
    var names = new ArrayList<>(new TreeMap<>(fields).keySet());
    var values = new ArrayList<Arbitrary<Object>>();
    for (var name : names) {
      values
          .add(Arbitraries.frequencyOf(Tuple.of(40, fields.get(name).map(v -> (Object) v)), Tuple.of(15, junkString().map(v -> (Object) v)),
              Tuple.of(15, jsonValue(2)), Tuple.of(30, Arbitraries.just(Json.ABSENT))));
    }
    var extra = Arbitraries
        .maps(Arbitraries.oneOf(junkString(), Arbitraries.of("__proto__", "constructor", "sudo_token", "$where")), jsonValue(1))
        .ofMaxSize(3);
    return Combinators.combine(Combinators.combine(values).as(list -> list), extra.injectNull(0.7)).as((list, more) -> {
      var object = new LinkedHashMap<String, Object>();
      for (int i = 0; i < names.size(); i++) {
        if (list.get(i) != Json.ABSENT) {
          object.put(names.get(i), list.get(i));
        }
      }
      if (more != null) {
        more.forEach(object::putIfAbsent);
      }
      return object;
    });
  }

  /** Encodes an object in one of several ways, some of them no longer valid JSON. */
  private static byte[] encodeObject(Map<String, Object> object, int mode, int cut) {
    var text = encode(object, mode == 1);
    return switch (mode) {
      case 2 -> utf8("\uFEFF" + text);
      case 3 -> utf8(text.isEmpty() ? text : text.substring(0, Math.min(text.length() - 1, cut % text.length())));
      case 4 -> utf8(text + (cut % 2 == 0 ? "garbage" : "}"));
      case 5 -> utf8(object.isEmpty() ? "{\"a\":1,\"a\":2}" : text.replaceFirst("^\\{", "{" + firstPair(object) + ","));
      case 6 -> utf8(text.replace(":", " :\n\t ").replace(",", " , "));
      case 7 -> utf8("// comment\n" + text);
      case 8 -> text.getBytes(StandardCharsets.UTF_16);
      default -> utf8(text);
    };
  }

  private static String firstPair(Map<String, Object> object) {
    var first = object.entrySet().iterator().next();
    return quote(first.getKey(), false) + ":" + encode(first.getValue(), false);
  }

  private Arbitrary<Object> jsonValue(int depth) {
    var scalar = Arbitraries.<Object>frequencyOf(
        Tuple.of(4, junkString().map(v -> (Object) v)),
        Tuple.of(2, Arbitraries.integers().map(v -> (Object) v)),
        Tuple.of(1, Arbitraries.longs().map(v -> (Object) v)),
        Tuple.of(1, Arbitraries.bigDecimals().ofScale(3).map(v -> (Object) v)),
        Tuple.of(2, Arbitraries.of(true, false).map(v -> (Object) v)),
        Tuple.of(2, Arbitraries.just(Json.NULL)),
        Tuple.of(1,
            Arbitraries.of("1e999999", "-0", "1.5e300", "123456789012345678901234567890", "0x10", "NaN", "Infinity", "-", "1.", ".5")
                .map(v -> (Object) new Raw(v))));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(v -> (Object) v)),
        Tuple.of(1, Arbitraries.maps(junkString(), jsonValue(depth - 1)).ofMaxSize(3).map(v -> (Object) v)));
  }

  private Arbitrary<byte[]> invalidJson() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(60).map(FuzzInputs::utf8),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
        Arbitraries.of("{", "}", "{\"password\"", "{\"password\":}", "{'password':'x'}", "{password: \"x\"}", "null", "[", "\"",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "{\"a\":\"\u0001\"}", "\u0000", "{}{}", "{\"a\":1}}", "tru", "{\"a\":NaN}")
            .map(FuzzInputs::utf8),
        Arbitraries.of(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
            new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'}, new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'}));
  }

  private Arbitrary<byte[]> nesting() {
    return Combinators.combine(Arbitraries.integers().between(10, 3000), Arbitraries.of("[", "{\"a\":")).as((depth, open) -> {
      var close = open.equals("[") ? "]" : "}";
      return utf8(open.repeat(depth) + "1" + close.repeat(depth));
    });
  }

  /** A field with 1 KiB to 80 KiB of text, or a number with thousands of digits; beyond 64 KiB it is refused with 413. */
  private Arbitrary<byte[]> huge(Map<String, Arbitrary<?>> fields) {
    var names = new ArrayList<>(new TreeMap<>(fields).keySet());
    return Combinators.combine(Arbitraries.of(names), Arbitraries.integers().between(1024, 80 * 1024), Arbitraries.chars().all(),
        Arbitraries.of(true, false)).as(
            (name, size, c, number) -> utf8(number
                ? "{\"" + name + "\":" + "9".repeat(Math.min(size, 20_000)) + "}"
                : "{\"" + name + "\":" + quote(String.valueOf(c).repeat(size / 2), false) + "}"));
  }

  static String encode(Object value, boolean asciiOnly) {
    if (value == null || value == Json.NULL) {
      return "null";
    }
    if (value instanceof Raw raw) {
      return raw.text();
    }
    if (value instanceof String text) {
      return quote(text, asciiOnly);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      var out = new StringBuilder("{");
      map.forEach((key, item) -> out.append(out.length() > 1 ? "," : "").append(quote(String.valueOf(key), asciiOnly)).append(':')
          .append(encode(item, asciiOnly)));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      var out = new StringBuilder("[");
      list.forEach(item -> out.append(out.length() > 1 ? "," : "").append(encode(item, asciiOnly)));
      return out.append(']').toString();
    }
    throw new IllegalArgumentException(value.getClass().getName());
  }

  private static String quote(String text, boolean asciiOnly) {
    var out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      var c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e) || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- strings and values

  /** Strings that trip parsers, normalisers, regular expressions, logs and stores. */
  Arbitrary<String> junkString() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(40)),
        Tuple.of(2, Arbitraries.strings().withCharRange('\u4e00', '\u4fff').withChars("😀\u202e\u200b\u0301").ofMaxLength(20)),
        Tuple.of(1, Arbitraries.strings().withChars("\u0000\u0001\u001f\u007f\u0085\u00a0\u2028\ufffe\t\r\n ").ofMaxLength(10)),
        Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(300).ofMaxLength(5000)),
        Tuple.of(3, Arbitraries.of("", " ", "\u0000", "null", "undefined", "NaN", "true", "0", "-1", "${jndi:ldap://x/a}", "{{7*7}}",
            "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "%s%s%s%n", "\r\nSet-Cookie: a=b", "gwv_", "gws_",
            "gwt_",
            "gwp_", "＋８６ １３８００００００００", "+86 138 0000 0000 ext 12", "+0", "+999 1234", "13800000000", "0086 13800000000",
            "A@EXAMPLE.COM", "a@b.c", "ü@example.com", "用户@例子.广告", "a\u0000b@example.com", "x@example.com\u0000",
            "\"quoted\"@example.com", "a@-example.com", "a..b@example.com", ".a@example.com", "x".repeat(64) + "@example.com",
            "a@" + "b".repeat(63) + ".com", "test@example.com\r\nBcc: x@example.com", "test@example.com,x@example.com",
            "\ud800", "\udfff\ud800", "😀@example.com")));
  }

  private Arbitrary<String> lookalike(String prefix) {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("-_")
        .ofLength(43).map(tail -> prefix + tail);
  }

  private Arbitrary<String> sudoTokens() {
    return Arbitraries.oneOf(Arbitraries.of(this.pool.sudoTokens()), lookalike("gws_"), Arbitraries.just("cloudbase-own-sudo-token"));
  }

  private Arbitrary<String> verificationTokens() {
    return Arbitraries.oneOf(Arbitraries.of(this.pool.verificationTokens()), lookalike("gwt_"));
  }

  private Arbitrary<String> phones() {
    return Arbitraries.oneOf(Arbitraries.of(this.pool.phones()),
        Arbitraries.strings().numeric().ofLength(8).map(digits -> "+86 138" + digits),
        Arbitraries.of("+1 202 555 0100", "+44 7700 900123", "+852 5123 4567", "+86 10 6552 9988", "138-0000-0000", "(+86) 13800000000",
            "+86 13800000000;ext=1", "tel:+86-138-0000-0000", "+86 1380000000０"));
  }

  private Arbitrary<String> emails() {
    return Arbitraries.oneOf(Arbitraries.of(this.pool.emails()),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(name -> name + "@example.com"),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8).map(name -> name + "@example.com"),
        Arbitraries.of("Üser@Example.com", "user+tag@example.com", "user@xn--fsq.example", "user@EXAMPLE.com.", "u@[127.0.0.1]"));
  }

  private Arbitrary<String> providerIds() {
    return Arbitraries.of("wx_open", "wx_mp", "google", "WX_OPEN", "wx_open ", "", "wx_");
  }

  private Arbitrary<String> redirectUris() {
    return Arbitraries.of("https://app.example.com/cb", "https://app.example.com/cb?x=1&y=%20", "javascript:alert(1)", "//evil.example",
        "http://[::1", "", "https://app.example.com/" + "p".repeat(2000));
  }

  // ---------------------------------------------------------------- headers

  private Arbitrary<List<Map.Entry<String, String>>> headers() {
    var token = this.pool.accessToken();
    var authorization = Arbitraries.frequencyOf(
        Tuple.of(45, Arbitraries.of("Bearer " + token, "bearer " + token, "BEARER  " + token + " ", "Bearer\t" + token)),
        Tuple.of(12, Arbitraries.just((String) null)),
        Tuple.of(10, uuids().map(id -> "Bearer at-" + id)),
        Tuple.of(10,
            Arbitraries.of("Bearer", "Bearer ", "Bearer    ", "Basic dXNlcjpwYXNz", "Token " + token, token,
                "Bearer " + token + ", Bearer x",
                "Bearer null", "Bearer undefined", "Bearer " + token.toUpperCase(Locale.ROOT))),
        Tuple.of(10, headerJunk().map(junk -> "Bearer " + junk)),
        Tuple.of(5, Arbitraries.integers().between(1000, 16_000).map(length -> "Bearer " + "A".repeat(length))));
    var contentType = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.just((String) null)),
        Tuple.of(40, Arbitraries.of("application/json", "text/plain;charset=UTF-8", "application/json; charset=utf-8")),
        Tuple.of(20, Arbitraries.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=zzz", "multipart/form-data",
            "application/xml", "text/html", "application/octet-stream", "application/json; charset=ebcdic", "application/json; charset=\"",
            "*/*", "", ";;;", "application", "application/json/extra", "text/plain; charset=UTF-16", "application/merge-patch+json")),
        Tuple.of(5, headerJunk()));
    var idempotencyKey = Arbitraries.frequencyOf(Tuple.of(70, Arbitraries.just((String) null)),
        Tuple.of(10, uuids()),
        Tuple.of(10, Arbitraries.of("", " ", "k1", "k1", "x".repeat(256), "x".repeat(255), "key with spaces", "\u00e9t\u00e9")),
        Tuple.of(5, headerJunk()));
    var forwardedFor = Arbitraries.frequencyOf(Tuple.of(60, Arbitraries.just((String) null)),
        Tuple.of(20, Arbitraries.of("1.2.3.4", "1.2.3.4, 5.6.7.8", "unknown", ", ,", "::1", "fe80::1%eth0", "::1%99999999999999999999",
            "[::1]:80", "999.999.999.999", "1.2.3.4:5678", "_gateway", "1.2.3.4, " + "10.0.0.1, ".repeat(200), "2001:db8::1, 127.0.0.1")),
        Tuple.of(10, headerJunk()));
    var language = Arbitraries.frequencyOf(Tuple.of(60, Arbitraries.just((String) null)),
        Tuple.of(20,
            Arbitraries.of("zh-CN", "en", "*", "zh-CN;q=abc", "en;q=2", "x-klingon", "zh-Hant-TW,zh;q=0.9", ";", ",,,", "en-US;q=0.5;q=0.4",
                "a".repeat(500))),
        Tuple.of(10, headerJunk()));
    var accept = Arbitraries.frequencyOf(Tuple.of(80, Arbitraries.just((String) null)),
        Tuple.of(20, Arbitraries.of("text/html", "application/xml", "*/*", "garbage", "application/json;q=0", "text/plain")));
    var requestId = Arbitraries.frequencyOf(Tuple.of(85, Arbitraries.just((String) null)), Tuple.of(15, headerJunk()));
    var extra = Arbitraries.frequencyOf(Tuple.of(85, Arbitraries.just((Map.Entry<String, String>) null)),
        Tuple.of(15,
            Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withChars("-_.!#$%&'*+^`|~").ofMinLength(1).ofMaxLength(20),
                headerJunk()).as(Map::entry)));
    return Combinators
        .combine(List.of(authorization.map(v -> (Object) v), contentType.map(v -> (Object) v), idempotencyKey.map(v -> (Object) v),
            forwardedFor.map(v -> (Object) v), language.map(v -> (Object) v), accept.map(v -> (Object) v), requestId.map(v -> (Object) v),
            extra.map(v -> (Object) v), Arbitraries.integers().between(0, 9).map(v -> (Object) v)))
        .as(values -> {
          var headers = new ArrayList<Map.Entry<String, String>>();
          add(headers, "Authorization", values.get(0));
          add(headers, "Content-Type", values.get(1));
          add(headers, "Idempotency-Key", values.get(2));
          add(headers, "X-Forwarded-For", values.get(3));
          add(headers, "Accept-Language", values.get(4));
          add(headers, "Accept", values.get(5));
          add(headers, "x-request-id", values.get(6));
          if (values.get(7) instanceof Map.Entry<?, ?> entry) {
            add(headers, (String) entry.getKey(), entry.getValue());
          }
          if ((Integer) values.get(8) == 0 && !headers.isEmpty()) {
            headers.add(headers.get(0));
          }
          return headers;
        });
  }

  /** Random UUIDs drawn from the seeded generator, so a run can be replayed. */
  private static Arbitrary<String> uuids() {
    return Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString());
  }

  private static void add(List<Map.Entry<String, String>> headers, String name, Object value) {
    if (value != null) {
      headers.add(Map.entry(name, (String) value));
    }
  }

  /** Header text as bytes on the wire: unicode sent as UTF-8 bytes; framing characters (CR, LF, NUL and other controls) left out. */
  private Arbitrary<String> headerJunk() {
    return junkString().map(text -> {
      var bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      return bytes.chars().filter(c -> c == '\t' || (c >= 0x20 && c != 0x7f)).collect(StringBuilder::new, StringBuilder::appendCodePoint,
          StringBuilder::append).toString().strip();
    });
  }

  // ---------------------------------------------------------------- query strings and paths

  private Arbitrary<String> query(String path, Map<String, Arbitrary<String>> params) {
    var names = new ArrayList<>(new TreeMap<>(params).keySet());
    var pairs = new ArrayList<Arbitrary<String>>();
    for (var name : names) {
      pairs.add(Arbitraries.frequencyOf(Tuple.of(60, params.get(name).map(value -> name + "=" + encodeQuery(value))),
          Tuple.of(15, queryJunk().map(value -> name + "=" + value)), Tuple.of(15, Arbitraries.just("")),
          Tuple.of(5, Arbitraries.just(name)), Tuple.of(5, params.get(name).map(value -> name + "=a&" + name + "=" + encodeQuery(value)))));
    }
    var junk = Arbitraries.frequencyOf(Tuple.of(50, Arbitraries.just("")), Tuple.of(50, queryJunk().list().ofMaxSize(4)
        .map(list -> String.join("&", list))));
    return Combinators.combine(pairs.isEmpty() ? Arbitraries.just(List.<String>of()) : Combinators.combine(pairs).as(list -> list), junk)
        .as((list, more) -> {
          var parts = new ArrayList<String>();
          list.stream().filter(part -> !part.isEmpty()).forEach(parts::add);
          if (!more.isEmpty()) {
            parts.add(more);
          }
          return parts.isEmpty() ? path : path + "?" + String.join("&", parts);
        });
  }

  /** Query text as sent: valid and invalid percent-encodings, raw UTF-8, repeats; never a space or '#'. */
  private Arbitrary<String> queryJunk() {
    return Arbitraries.oneOf(
        junkString().map(FuzzInputs::encodeQuery),
        junkString().map(FuzzInputs::rawTarget),
        Arbitraries.of("%", "%zz", "%e9", "%c3%28", "%00", "a=%", "=&=&&", "a=1&a=2&a=3", "provider_id=wx_open&provider_id=google", "%%%",
            "a[]=1&a[x]=2", ";a=b", "a=" + "%41".repeat(1500), "%2e%2e%2f", "+++", "a=b=c", "\u00e9=\u00e9"));
  }

  private Arbitrary<String> pathParameter(String prefix) {
    return Arbitraries.frequencyOf(
        Tuple.of(30, Arbitraries.of("wx_open", "wx_mp")),
        Tuple.of(10, Arbitraries.of("google", "github", "phone", "email", "WX_OPEN", "wx_open%20", "wx%5Fopen", "%2e%2e", "..", ".", "%2F",
            "a%2Fb", "%00", "%zz", "%", "wx_open;x=1", "~", "*", "wx_open%0a", "%C0%AE")),
        Tuple.of(20, junkString().filter(text -> !text.isEmpty()).map(FuzzInputs::encodeQuery)),
        Tuple.of(10, junkString().filter(text -> !text.isEmpty()).map(FuzzInputs::rawTarget)),
        Tuple.of(3, Arbitraries.integers().between(1000, 3000).map("w"::repeat))).map(param -> prefix + param);
  }

  private static String encodeQuery(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** UTF-8 bytes as they are, except what would break the request line (space, '#', '/', '?', controls), percent-encoded. */
  private static String rawTarget(String value) {
    var out = new StringBuilder();
    for (var b : value.getBytes(StandardCharsets.UTF_8)) {
      var c = b & 0xff;
      if (c <= 0x20 || c == 0x7f || c == '#' || c == '/' || c == '?' || c == '&' || c == '=') {
        out.append(String.format("%%%02X", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
