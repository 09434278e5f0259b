package io.associationgateway.domain;

import java.util.List;

/**
 * The signed-in user's ways to sign in as CloudBase reports them, uncached: password, phone and email from
 * {@code GET /auth/v1/user/me}, linked providers from {@code GET /auth/v1/user/provider} (entries with {@code bind: true}).
 */
public record UserProfile(String userId, boolean hasPassword, String phoneNumber, String email, List<String> linkedProviders) {

  /** How many ways to sign in the user would have without {@code providerId}. */
  public int signInMethodsWithout(String providerId) {
    var count = (this.hasPassword ? 1 : 0) + (this.phoneNumber != null ? 1 : 0) + (this.email != null ? 1 : 0);
    return count + (int) this.linkedProviders.stream().filter(provider -> !provider.equals(providerId)).count();
  }
}
