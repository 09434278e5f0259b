package io.associationgateway;

import java.util.List;

/** The signed-in user's sign-in methods as CloudBase reports them ({@code GET /auth/v1/user/me}), uncached. */
public record UserProfile(String userId, boolean hasPassword, String phoneNumber, String email, List<LinkedProvider> providers) {

  /** A third-party identity linked to the user. */
  public record LinkedProvider(String id, String name, String subject, String nickname, String linkedAt) {
  }

  /** How many ways to sign in the user would have without {@code providerId}. */
  public int signInMethodsWithout(String providerId) {
    var count = (this.hasPassword ? 1 : 0) + (this.phoneNumber != null ? 1 : 0) + (this.email != null ? 1 : 0);
    return count + (int) this.providers.stream().filter(provider -> !provider.id().equals(providerId)).count();
  }
}
