package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Pattern;

import io.associationgateway.it.ProdUpstreams.User;
import io.vertx.core.json.JsonObject;

/** The association flow's steps over HTTP against one packaged gateway, each answer with the time it took. */
final class GatewayClient {

  /** An answer and how long it took. */
  record Answer(int status, String body, long millis) {
    JsonObject json() {
      return new JsonObject(this.body);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  GatewayClient(PackagedApp app) {
    this.base = app.url();
  }

  Answer sudo(User user) {
    return send("POST", "/auth/v1/user/sudo", user, new JsonObject().put("password", user.password()));
  }

  Answer sendCode(User user, String phone) {
    return send("POST", "/auth/v1/verification", user, new JsonObject().put("phone_number", phone));
  }

  Answer verify(String verificationId, String code) {
    return send("POST", "/auth/v1/verification/verify", null,
        new JsonObject().put("verification_id", verificationId).put("verification_code", code));
  }

  Answer bind(User user, String sudoToken, String phone, String verificationToken) {
    return bind(user, sudoToken, phone, verificationToken, null);
  }

  Answer bind(User user, String sudoToken, String phone, String verificationToken, String idempotencyKey) {
    return send("PATCH", "/auth/v1/user/contact", user,
        new JsonObject().put("sudo_token", sudoToken).put("phone_number", phone).put("verification_token", verificationToken),
        idempotencyKey);
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  /** Sudo and a code sent: the state a flow has between "send" and "verify". */
  record Started(User user, String phone, String sudoToken, String verificationId) {
    String e164() {
      return this.phone.replace(" ", "");
    }
  }

  Started start(User user, String phone) {
    var sudo = ok(sudo(user));
    var sent = ok(sendCode(user, phone));
    return new Started(user, phone, sudo.json().getString("sudo_token"), sent.json().getString("verification_id"));
  }

  /** Fails when a gateway's log holds one of {@code secrets} (codes, tokens, passwords, full numbers) as a whole word. */
  static void assertLogHoldsNone(String log, Collection<String> secrets) {
    assertThat(secrets).allSatisfy(secret -> assertThat(Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret)
        + "(?![0-9A-Za-z])").matcher(log).find()).as("the gateway's log holds no code, token, password or full number").isFalse());
  }

  static Answer ok(Answer answer) {
    assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(200);
    return answer;
  }

  private Answer send(String method, String path, User user, JsonObject body) {
    return send(method, path, user, body, null);
  }

  private Answer send(String method, String path, User user, JsonObject body, String idempotencyKey) {
    var request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(15))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    if (user != null) {
      request.header("Authorization", "Bearer " + user.accessToken());
    }
    var started = System.nanoTime();
    try {
      var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      return new Answer(-1, String.valueOf(e), (System.nanoTime() - started) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
