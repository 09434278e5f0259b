package io.associationgateway.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.associationgateway.upstream.email.EmailSender;
import io.associationgateway.upstream.sms.SmsSender;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.mutiny.ext.web.Router;

/**
 * Local mode's SMS and e-mail "delivery": messages are kept in memory (the newest 200) and listed by
 * {@code GET /local/outbox}, as Firebase's emulator lists its codes. Refused by the prod profile.
 */
@ApplicationScoped
public class Outbox {

  private static final int KEPT = 200;

  private final Deque<OutboxMessage> messages = new ArrayDeque<>();
  private final LocalConfig config;

  public Outbox(LocalConfig config) {
    this.config = config;
  }

  synchronized void add(String channel, ContactTarget to, String code) {
    this.messages.addFirst(new OutboxMessage(channel, to.value(), code, Instant.now()));
    while (this.messages.size() > KEPT) {
      this.messages.removeLast();
    }
  }

  /** Newest first. */
  public synchronized List<OutboxMessage> list() {
    return List.copyOf(this.messages);
  }

  void install(@Observes Router router) {
    if (!this.config.outbox()) {
      return;
    }
    router.get("/local/outbox").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .endAndForget(Json.encode(Map.of("messages", list()))));
  }

  /** SMS into the outbox. */
  @ApplicationScoped
  @LookupIfProperty(name = "gateway.sms.provider", stringValue = "outbox")
  public static class Sms implements SmsSender {

    private final Outbox outbox;

    public Sms(Outbox outbox) {
      this.outbox = outbox;
    }

    @Override
    public Uni<Void> sendCode(ContactTarget phone, String code, Duration ttl) {
      return Uni.createFrom().voidItem().invoke(() -> this.outbox.add("sms", phone, code));
    }

    @Override
    public Uni<Void> sendNotice(ContactTarget phone, Notice notice) {
      return Uni.createFrom().voidItem().invoke(() -> this.outbox.add("sms-notice:" + notice.kind(), phone, null));
    }
  }

  /** E-mail into the outbox. */
  @ApplicationScoped
  @LookupIfProperty(name = "gateway.email.provider", stringValue = "outbox")
  public static class Email implements EmailSender {

    private final Outbox outbox;

    public Email(Outbox outbox) {
      this.outbox = outbox;
    }

    @Override
    public Uni<Void> sendCode(ContactTarget email, String code, Duration ttl, String acceptLanguage) {
      return Uni.createFrom().voidItem().invoke(() -> this.outbox.add("email", email, code));
    }

    @Override
    public Uni<Void> sendNotice(ContactTarget email, Notice notice, String acceptLanguage) {
      return Uni.createFrom().voidItem().invoke(() -> this.outbox.add("email-notice:" + notice.kind(), email, null));
    }
  }
}
