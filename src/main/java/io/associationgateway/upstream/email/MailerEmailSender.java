package io.associationgateway.upstream.email;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;

import io.associationgateway.config.EmailConfig;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamCalls;
import io.associationgateway.upstream.UpstreamFailures;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Engine;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/**
 * SMTP through the reactive Quarkus Mailer ({@code quarkus.mailer.*}); Qute templates in zh-CN and en. Each message is
 * one guarded send through the e-mail circuit breaker and is never retried (a retry could deliver it twice).
 */
@Singleton
@LookupIfProperty(name = "gateway.email.provider", stringValue = "smtp", lookupIfMissing = true)
public class MailerEmailSender implements EmailSender {

  static final String UPSTREAM = "SMTP server";
  static final List<Locale> LANGUAGES = List.of(Locale.forLanguageTag("zh-CN"), Locale.ENGLISH);

  private final ReactiveMailer mailer;
  private final Engine templates;
  private final EmailConfig config;
  private final UpstreamCalls calls;

  public MailerEmailSender(ReactiveMailer mailer, Engine templates, EmailConfig config, UpstreamCalls calls) {
    this.calls = calls;
    this.mailer = mailer;
    this.templates = templates;
    this.config = config;
  }

  @Override
  public Uni<Void> sendCode(ContactTarget email, String code, Duration ttl, String acceptLanguage) {
    return send(email, "code", Map.of("code", code, "minutes", Math.max(1, ttl.toMinutes())), acceptLanguage);
  }

  @Override
  public Uni<Void> sendNotice(ContactTarget email, Notice notice, String acceptLanguage) {
    return send(email, "notice", Map.of("kind", notice.kind().name(), "channel", notice.channel().name(),
        "address", notice.maskedAddress()), acceptLanguage);
  }

  /** Renders {@code email/<template>-subject.<lang>.txt}, {@code email/<template>.<lang>.txt} and, if present, {@code .html}. */
  private Uni<Void> send(ContactTarget email, String template, Map<String, Object> data, String acceptLanguage) {
    var language = language(acceptLanguage, this.config.defaultLocale()).toLanguageTag();
    var subject = render("email/" + template + "-subject." + language + ".txt", data).strip();
    var mail = Mail.withText(email.value(), subject, render("email/" + template + "." + language + ".txt", data));
    var html = this.templates.getTemplate("email/" + template + "." + language + ".html");
    if (html != null) {
      mail.setHtml(html.data(data).render());
    }
    return this.calls.call(Upstream.EMAIL, UPSTREAM, this.config.timeout(), () -> this.mailer.send(mail), MailerEmailSender::fault,
        sent -> sent);
  }

  /** An SMTP 4xx reply (e.g. {@code 421} service not available) is the server being unavailable: 503; the rest as any transport fault. */
  static GatewayException fault(Throwable failure) {
    if (failure instanceof SMTPException smtp && smtp.isTransient()) {
      return new TransientUpstreamException(UPSTREAM + " is unavailable (SMTP " + smtp.getReplyCode() + ")", failure);
    }
    return UpstreamFailures.map(UPSTREAM, failure);
  }

  /** The supported language that best matches an {@code Accept-Language} header. */
  static Locale language(String acceptLanguage, Locale fallback) {
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      try {
        var ranges = Locale.LanguageRange.parse(acceptLanguage);
        for (var range : ranges) {
          var match = Locale.lookup(List.of(range), LANGUAGES);
          if (match != null) {
            return match;
          }
          if (range.getRange().startsWith("zh")) {
            return LANGUAGES.get(0);
          }
        }
      } catch (IllegalArgumentException malformed) {
        return fallback;
      }
    }
    return fallback;
  }

  private String render(String id, Map<String, Object> data) {
    var template = this.templates.getTemplate(id);
    if (template == null) {
      throw new IllegalStateException("missing mail template " + id);
    }
    return template.data(data).render();
  }
}
