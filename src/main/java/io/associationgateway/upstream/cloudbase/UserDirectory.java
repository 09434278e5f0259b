package io.associationgateway.upstream.cloudbase;

import java.util.Optional;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.smallrye.mutiny.Uni;

/**
 * CloudBase's server-side user management with the gateway's own credential: who owns an address, and the writes a
 * bind or a transfer needs. Two implementations, chosen by {@code gateway.cloudbase.directory}: {@link TcbUserDirectory}
 * (Tencent Cloud API 3.0) and {@link HttpUserDirectory} (CloudBase's HTTP API).
 */
public interface UserDirectory {

  /** A user as the directory knows it: id ({@code sub}) and contacts in the gateway's form, or {@code null}. */
  record DirectoryUser(String id, String phoneNumber, String email) {
  }

  /** Why this directory cannot store {@code target}, or empty when it can; checked before any code is sent. */
  Optional<String> cannotStore(ContactTarget target);

  /** The user who owns {@code target} as phone number or email, if any (exact match). */
  Uni<Optional<DirectoryUser>> findOwner(ContactTarget target);

  /** Sets {@code target} as the user's phone number or email (replacing the previous one). */
  Uni<Void> setContact(String userId, ContactTarget target);

  /** Removes the user's phone number or email. */
  Uni<Void> clearContact(String userId, Channel channel);

  /** True when {@link #setBlocked} and {@link #delete} are available (a {@code DELETE_ACCOUNT_TRANSFER} needs both). */
  boolean canDeleteUsers();

  /** Blocks the user ({@code BLOCKED}: cannot sign in) or unblocks it ({@code ACTIVE}); reversible. */
  Uni<Void> setBlocked(String userId, boolean blocked);

  /** Deletes the user for good. Irreversible: a transfer calls it last, after every reversible write succeeded. */
  Uni<Void> delete(String userId);
}
