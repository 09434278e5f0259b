package io.associationgateway.upstream.cloudbase;

import java.util.Optional;

import io.associationgateway.ContactTarget;
import io.smallrye.mutiny.Uni;

/** CloudBase's server-side user management, with the environment's own credentials: who owns an address, and writes. */
public interface UserDirectory {

  /** The id of the user who owns {@code target} as phone number or email, if any. */
  Uni<Optional<String>> findOwner(ContactTarget target);

  /** Sets {@code target} as the user's phone number or email (replacing the previous one). */
  Uni<Void> setContact(String userId, ContactTarget target);
}
