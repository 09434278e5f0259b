package io.associationgateway.local;

import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.LocalModeGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;
import io.vertx.mutiny.ext.web.handler.BodyHandler;

/**
 * Local mode's CloudBase HTTP API under {@code /local/cloudbase/auth/v1}, speaking only what CloudBase documents and
 * never more leniently than the documentation (an undocumented detail is answered strictly). This class installs the routes and answers the user's own
 * calls (sign-in, refresh, profile, sudo, password, deletion); {@link CloudBaseAdminRoutes} answers the admin calls and
 * {@link CloudBaseProviderRoutes} the provider flow. Anything else under the base answers {@code 404 not_found}.
 */
@Singleton
public class CloudBaseEmulator {

  static final String BASE = "/local/cloudbase/auth/v1";
  private static final long MAX_BODY = 65_536;

  /** A route's handler: the parsed JSON body (whatever the Content-Type) in, a reply out. */
  @FunctionalInterface
  interface Handler {
    Uni<EmulatorReply> handle(RoutingContext ctx, JsonObject body);
  }

  private final EmulatorUsers users;
  private final EmulatorAuth auth;
  private final CloudBaseAdminRoutes admin;
  private final CloudBaseProviderRoutes providers;
  private final LocalConfig config;

  CloudBaseEmulator(EmulatorUsers users, EmulatorAuth auth, CloudBaseAdminRoutes admin, CloudBaseProviderRoutes providers,
      LocalConfig config) {
    this.users = users;
    this.auth = auth;
    this.admin = admin;
    this.providers = providers;
    this.config = config;
  }

  void install(@Observes Router router) {
    if (!this.config.emulator()) {
      return;
    }
    LocalModeGuard.refuseInProd("the CloudBase emulator (gateway.local.emulator)");
    route(router, HttpMethod.POST, "/signin", sync(this::signIn));
    route(router, HttpMethod.POST, "/token", sync(this::refresh));
    route(router, HttpMethod.GET, "/user/me", sync((ctx, body) -> withUser(ctx, user -> EmulatorReply.ok(user.profile()))));
    route(router, HttpMethod.DELETE, "/user/me", sync(this::deleteMe));
    route(router, HttpMethod.POST, "/user/sudo", sync(this::sudo));
    route(router, HttpMethod.PATCH, "/user/password", sync(this::password));
    route(router, HttpMethod.POST, "/user/signout", sync((ctx, body) -> EmulatorReply.empty()));
    this.admin.install((method, path, handler) -> route(router, method, path, handler));
    this.providers.install((method, path, handler) -> route(router, method, path, handler));
    router.route(BASE + "/*").handler(ctx -> notImplemented(ctx).send(ctx));
  }

  /**
   * What the emulator does not offer, named by the path the client sent (never the emulator's own mount point). A
   * request without an Authorization header is most often a gateway call that forgot the bearer and so went on to
   * CloudBase's own (sign-up, sign-in) flows: say so.
   */
  private static EmulatorReply notImplemented(RoutingContext ctx) {
    var request = ctx.request().method() + " /auth/v1" + ctx.request().path().substring(BASE.length());
    if (ctx.request().getHeader("Authorization") == null) {
      return EmulatorReply.error(401, "unauthenticated", "the Authorization header is missing: send Authorization: Bearer <access_token> "
          + "(the access_token of POST /auth/v1/signin). Without it " + request + " is CloudBase's own sign-up or sign-in call, "
          + "which the local CloudBase emulator does not implement");
    }
    return EmulatorReply.error(404, "not_found", request + " is not implemented by the local CloudBase emulator");
  }

  /** Registers routes with the emulator's body handling and error envelope. */
  @FunctionalInterface
  interface Routes {
    void add(HttpMethod method, String path, Handler handler);
  }

  static Handler sync(BiFunction<RoutingContext, JsonObject, EmulatorReply> handler) {
    return (ctx, body) -> Uni.createFrom().item(() -> handler.apply(ctx, body));
  }

  private static void route(Router router, HttpMethod method, String path, Handler handler) {
    var route = router.route(method, BASE + path);
    route.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    route.handler(ctx -> {
      var body = EmulatorReply.parse(ctx);
      if (body == null) {
        EmulatorReply.invalid("the body is not a JSON object").send(ctx);
        return;
      }
      Uni.createFrom().deferred(() -> handler.handle(ctx, body))
          .onFailure(ClassCastException.class).recoverWithItem(wrongType -> EmulatorReply.invalid("a field has the wrong type"))
          .onFailure()
          .recoverWithItem(
              failure -> EmulatorReply.error(500, "internal", "the local CloudBase emulator failed: " + failure.getClass().getSimpleName()))
          .subscribe().with(reply -> reply.send(ctx));
    });
  }

  private EmulatorReply signIn(RoutingContext ctx, JsonObject body) {
    var login = EmulatorReply.string(body, "username");
    var password = EmulatorReply.string(body, "password");
    if (login == null || password == null) {
      return EmulatorReply.invalid("username and password are required");
    }
    var user = this.users.byLogin(login);
    if (user.isEmpty() || user.get().password() == null || !user.get().password().equals(password)) {
      return EmulatorReply.error(400, "invalid_username_or_password", "wrong username or password");
    }
    if (!user.get().active()) {
      return EmulatorReply.error(400, "user_blocked", "the user is blocked");
    }
    return EmulatorReply.ok(this.users.credentials(user.get()));
  }

  private EmulatorReply refresh(RoutingContext ctx, JsonObject body) {
    var userId = this.users.holder(EmulatorUsers.Kind.REFRESH, EmulatorReply.string(body, "refresh_token"));
    var user = userId.flatMap(this.users::byId).filter(EmulatedUser::active);
    if (user.isEmpty() || !"refresh_token".equals(EmulatorReply.string(body, "grant_type"))) {
      return EmulatorReply.error(400, "invalid_grant", "refresh token invalid or expired");
    }
    return EmulatorReply.ok(this.users.credentials(user.get()));
  }

  private EmulatorReply sudo(RoutingContext ctx, JsonObject body) {
    var password = EmulatorReply.string(body, "password");
    return withUser(ctx, user -> password == null || user.password() == null || !user.password().equals(password)
        ? EmulatorReply.error(400, "invalid_password", "wrong password")
        : EmulatorReply
            .ok(new JsonObject().put("sudo_token", this.users.mint("cbsudo_", EmulatorUsers.Kind.SUDO, user.id(), EmulatorUsers.SUDO_TTL))
                .put("expires_in", EmulatorUsers.SUDO_TTL.toSeconds())));
  }

  private EmulatorReply password(RoutingContext ctx, JsonObject body) {
    var newPassword = EmulatorReply.string(body, "new_password");
    var sudoToken = EmulatorReply.string(body, "sudo_token");
    return withUser(ctx, user -> {
      if (!ownSudo(user, sudoToken)) {
        return EmulatorReply.error(400, "invalid_grant", "sudo_token invalid or expired");
      }
      if (newPassword == null || newPassword.isEmpty()) {
        return EmulatorReply.invalid("new_password is required");
      }
      this.users.update(user.id(), current -> current.withPassword(newPassword));
      return EmulatorReply.empty();
    });
  }

  private EmulatorReply deleteMe(RoutingContext ctx, JsonObject body) {
    var sudoToken = ctx.request().getParam("sudo_token");
    return withUser(ctx, user -> {
      if (!ownSudo(user, sudoToken)) {
        return EmulatorReply.error(400, "invalid_grant", "sudo_token invalid or expired");
      }
      this.users.delete(user.id());
      return EmulatorReply.empty();
    });
  }

  private boolean ownSudo(EmulatedUser user, String sudoToken) {
    return this.users.holder(EmulatorUsers.Kind.SUDO, sudoToken).filter(user.id()::equals).isPresent();
  }

  private EmulatorReply withUser(RoutingContext ctx, Function<EmulatedUser, EmulatorReply> action) {
    return this.auth.user(ctx).map(action).orElseGet(EmulatorReply::unauthenticated);
  }
}
