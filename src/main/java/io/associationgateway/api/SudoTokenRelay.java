package io.associationgateway.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.flow.SudoService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpServerRequest;

/**
 * One sudo token for every CloudBase call: a pass-through request that carries the gateway's {@code sudo_token} (in the
 * query, or as a JSON body field, also in the seed's object form {@code {"sudo_token": {"sudo_token": …}}}) reaches
 * CloudBase with CloudBase's own sudo token in its place ({@link SudoService#cloudBaseToken}). It looks at a query
 * with {@code sudo_token}, or a request with a body under {@code /auth/v1/user/}, where CloudBase's sudo-guarded calls
 * live ({@code PATCH user/password}, {@code DELETE user/me}, …). The pass-through has read the body already.
 *
 * <p>Application-scoped, unlike the flow's beans: the pass-through route is set up before the startup checks run, and
 * the proxy keeps {@link SudoService} and the CloudBase client behind it from being created (and failing on a missing
 * setting) before the startup check has reported every wrong setting.
 */
@ApplicationScoped
public class SudoTokenRelay {

  static final String FIELD = "sudo_token";

  private final SudoService sudo;

  public SudoTokenRelay(SudoService sudo) {
    this.sudo = sudo;
  }

  /** True when the request may carry a gateway sudo token and must be read before it goes on. */
  public boolean applies(HttpServerRequest request) {
    return Delegation.mayCarrySudoToken(request.method(), request.path(), request.query());
  }

  /** A request-target and body with CloudBase's sudo token in place of the gateway's. */
  public record Swapped(String target, Buffer body) {
  }

  /**
   * Swaps a gateway sudo token for CloudBase's in a request-target ({@code path?query}) and its body, both already
   * read and checked by {@link PassThroughRoute}.
   */
  public Uni<Swapped> swap(String target, Buffer body) {
    var mark = target.indexOf('?');
    var path = mark < 0 ? target : target.substring(0, mark);
    var query = mark < 0 ? null : target.substring(mark + 1);
    return swapInQuery(query).chain(newQuery -> swapInBody(body)
        .map(newBody -> new Swapped(newQuery == null || newQuery.isEmpty() ? path : path + "?" + newQuery, body == null ? null : newBody)));
  }

  private Uni<String> swapInQuery(String query) {
    if (query == null || !query.contains(FIELD + "=")) {
      return Uni.createFrom().item(query);
    }
    var parts = query.split("&", -1);
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < parts.length; i++) {
      var index = i;
      if (parts[i].startsWith(FIELD + "=")) {
        var value = URLDecoder.decode(parts[i].substring(FIELD.length() + 1), StandardCharsets.UTF_8);
        if (value.startsWith(SudoService.TOKEN_PREFIX)) {
          chain = chain.chain(() -> this.sudo.cloudBaseToken(value)
              .invoke(cloudBaseToken -> parts[index] = FIELD + "=" + URLEncoder.encode(cloudBaseToken, StandardCharsets.UTF_8))
              .replaceWithVoid());
        }
      }
    }
    return chain.map(done -> String.join("&", parts));
  }

  private Uni<Buffer> swapInBody(Buffer body) {
    var json = parse(body);
    var gatewayToken = json == null ? null : gatewayToken(json.getValue(FIELD));
    if (gatewayToken == null) {
      return Uni.createFrom().item(body);
    }
    return this.sudo.cloudBaseToken(gatewayToken).map(cloudBaseToken -> Buffer.buffer(json.put(FIELD, cloudBaseToken).encode()));
  }

  private static JsonObject parse(Buffer body) {
    var text = body == null ? "" : body.toString(StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String gatewayToken(Object value) {
    if (value instanceof JsonObject object) {
      value = object.getValue(FIELD);
    }
    return value instanceof String text && text.startsWith(SudoService.TOKEN_PREFIX) ? text : null;
  }
}
