package io.associationgateway.upstream.cloudbase;

import java.util.Optional;

import io.associationgateway.Channel;
import io.associationgateway.ContactTarget;
import io.associationgateway.ProviderIdentity;
import io.smallrye.mutiny.Uni;

/** CloudBase's server-side user management, with the environment's own credentials: who owns an address, and writes. */
public interface UserDirectory {

  /** A user as the directory knows it: id and (raw) contacts. */
  record DirectoryUser(String id, String phoneNumber, String email) {
  }

  /** The user who owns {@code target} as phone number or email, if any. */
  Uni<Optional<DirectoryUser>> findOwner(ContactTarget target);

  /** Sets {@code target} as the user's phone number or email (replacing the previous one). */
  Uni<Void> setContact(String userId, ContactTarget target);

  /** Removes the user's phone number or email. */
  Uni<Void> clearContact(String userId, Channel channel);

  /** The user a provider identity ({@link ProviderIdentity#key()}) is linked to, if any. */
  Uni<Optional<String>> findProviderOwner(String providerUserId);

  /** Links the identity to the user, or records the identity's app and openid on the user's existing link. */
  Uni<Void> linkProvider(String userId, ProviderIdentity identity);

  /** Removes the user's link to {@code providerId}. */
  Uni<Void> unlinkProvider(String userId, String providerId);

  /** Marks the user deleted ({@code DELETE_ACCOUNT_TRANSFER}); {@code deleted=false} undoes it. */
  Uni<Void> markDeleted(String userId, boolean deleted);
}
