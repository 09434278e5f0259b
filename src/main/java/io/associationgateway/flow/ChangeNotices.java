package io.associationgateway.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.associationgateway.domain.AuditEvent;
import io.associationgateway.domain.AuditOutcome;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.associationgateway.domain.RequestInfo;
import io.associationgateway.upstream.cloudbase.UserDirectory.DirectoryUser;
import io.associationgateway.upstream.email.EmailSender;
import io.associationgateway.upstream.sms.SmsSender;
import io.smallrye.mutiny.Uni;

/**
 * Security notices after a bind, replace or transfer, through the same senders as codes: to the address that was
 * replaced and to the account's other channels (NIST SP 800-63B-4 §4.6). A notice that cannot be delivered is audited
 * and never undoes the change.
 */
@Singleton
public class ChangeNotices {

  private final SmsSender sms;
  private final EmailSender email;
  private final ContactNormalizer normalizer;
  private final Audit audit;

  public ChangeNotices(Instance<SmsSender> sms, Instance<EmailSender> email, ContactNormalizer normalizer, Audit audit) {
    this.sms = sms.get();
    this.email = email.get();
    this.normalizer = normalizer;
    this.audit = audit;
  }

  /** The caller (as it was before) now has {@code target}: tell the address it replaced and its other channel. */
  public Uni<Void> contactBound(Caller before, ContactTarget target, RequestInfo request) {
    var previous = target.channel() == Channel.PHONE ? before.phoneNumber() : before.email();
    var notice = new Notice(previous == null ? Notice.Kind.ADDED : Notice.Kind.REPLACED, target.channel(), target.masked());
    var recipients = new ArrayList<ContactTarget>();
    if (previous != null && !previous.equals(target.value())) {
      recipients.add(new ContactTarget(target.channel(), previous));
    }
    other(target.channel(), before.phoneNumber(), before.email()).ifPresent(recipients::add);
    return deliver(before.userId(), recipients, notice, request);
  }

  /** {@code target} was moved away from {@code other}: tell its remaining channel. */
  public Uni<Void> contactMovedAway(DirectoryUser other, ContactTarget target, RequestInfo request) {
    var phone = this.normalizer.normalizeKnown(Channel.PHONE, other.phoneNumber()).orElse(null);
    var mail = this.normalizer.normalizeKnown(Channel.EMAIL, other.email()).orElse(null);
    var recipients = other(target.channel(), phone, mail).map(List::of).orElse(List.of());
    return deliver(other.id(), recipients, new Notice(Notice.Kind.MOVED_AWAY, target.channel(), target.masked()), request);
  }

  private static Optional<ContactTarget> other(Channel changed, String phone, String mail) {
    if (changed == Channel.PHONE && mail != null) {
      return Optional.of(new ContactTarget(Channel.EMAIL, mail));
    }
    if (changed == Channel.EMAIL && phone != null) {
      return Optional.of(new ContactTarget(Channel.PHONE, phone));
    }
    return Optional.empty();
  }

  private Uni<Void> deliver(String userId, List<ContactTarget> recipients, Notice notice, RequestInfo request) {
    if (recipients.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    var sends = recipients.stream().map(to -> (to.channel() == Channel.PHONE
        ? this.sms.sendNotice(to, notice)
        : this.email.sendNotice(to, notice, request.acceptLanguage()))
        .invoke(() -> this.audit.record(AuditEvent.notice(notice.kind()), AuditOutcome.SENT, userId, to, request))
        .onFailure().invoke(failure -> this.audit.record(AuditEvent.notice(notice.kind()), AuditOutcome.FAILED, userId, to, request))
        .onFailure().recoverWithNull()).toList();
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }
}
