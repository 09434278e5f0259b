package io.associationgateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.LocalModeGuard;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.Router;

/**
 * In local mode, {@code GET /} answers a page (plain HTML and JavaScript, no build step, nothing loaded from elsewhere)
 * that walks through the flows with buttons: sign in as a demo user, sudo, code from the outbox, verify, bind, link
 * WeChat through the emulator, list and unlink providers, each request and answer shown. Its file lives next to this
 * class on the class path ({@code io/associationgateway/local/page/index.html}). Not installed outside local mode.
 */
@ApplicationScoped
public class LocalPage {

  static final String RESOURCE = "io/associationgateway/local/page/index.html";

  private final LocalConfig config;

  public LocalPage(LocalConfig config) {
    this.config = config;
  }

  void install(@Observes Router router) {
    if (!this.config.emulator() || !this.config.outbox()) {
      return;
    }
    LocalModeGuard.refuseInProd("the local page (gateway.local.emulator)");
    var page = Buffer.buffer(read());
    router.get("/")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
            .putHeader("Content-Security-Policy",
                "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:")
            .endAndForget(page));
  }

  private static byte[] read() {
    try (var in = LocalPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
