package io.associationgateway.api;

import java.util.Set;

import io.associationgateway.flow.SudoService;
import io.associationgateway.flow.VerificationService;
import io.vertx.core.http.HttpMethod;

/**
 * The one answer to "does the gateway answer this {@code /auth/v1} request itself, or does CloudBase?", from the
 * method, the path, the bearer and the few fields that decide. Everything the gateway does not answer is relayed to
 * CloudBase unchanged, except that a gateway sudo token in it is swapped for CloudBase's own ({@link SudoTokenRelay}).
 * <ol>
 * <li>Only the {@link OwnedEndpoint}s reach the gateway's resources; every other request is CloudBase's
 * ({@link PassThroughRoute}).</li>
 * <li>Sending a code ({@code POST /auth/v1/verification}) is CloudBase's without a bearer token (sign-up, sign-in by
 * code) or with a {@code usage} of CloudBase's own flows.</li>
 * <li>Verifying a code is CloudBase's when the {@code verification_id} is not one the gateway issued.</li>
 * <li>A relayed request is read before it goes on when it may carry a gateway sudo token: a {@code sudo_token} in its
 * query, or a body under {@code /auth/v1/user/}.</li>
 * </ol>
 */
final class Delegation {

  /** The {@code usage} values of CloudBase's own code flows. */
  private static final Set<String> CLOUDBASE_USAGES = Set.of("REGISTER", "SIGN_IN", "PASSWORD_RESET");

  private Delegation() {
  }

  /** 1: true when one of the gateway's resources answers this request. */
  static boolean isOwned(HttpMethod method, String path) {
    return OwnedEndpoint.owns(method, path);
  }

  /** 2: true when a code request goes to CloudBase as it came. */
  static boolean sendCodeIsCloudBases(String accessToken, String usage) {
    return accessToken == null || usage != null && CLOUDBASE_USAGES.contains(usage);
  }

  /** 3: true when a code check goes to CloudBase as it came. */
  static boolean verifyIsCloudBases(String verificationId) {
    return !verificationId.startsWith(VerificationService.ID_PREFIX);
  }

  /** 4: true when a relayed request may carry a gateway sudo token ({@link SudoService#TOKEN_PREFIX}) to swap. */
  static boolean mayCarrySudoToken(HttpMethod method, String path, String query) {
    if (query != null && query.contains(SudoTokenRelay.FIELD + "=")) {
      return true;
    }
    var withBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE;
    return withBody && path.startsWith("/auth/v1/user/");
  }
}
