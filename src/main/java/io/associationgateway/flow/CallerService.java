package io.associationgateway.flow;

import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.Channel;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.state.CallerCache;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.smallrye.mutiny.Uni;

/** Who is calling: the bearer access token checked by CloudBase ({@code GET /auth/v1/user/me}), cached briefly. */
@Singleton
public class CallerService {

  private static final String BEARER = "bearer ";

  private final CloudBaseClient cloudBase;
  private final CallerCache cache;
  private final ContactNormalizer normalizer;
  private final FlowConfig config;

  public CallerService(CloudBaseClient cloudBase, CallerCache cache, ContactNormalizer normalizer, FlowConfig config) {
    this.cloudBase = cloudBase;
    this.cache = cache;
    this.normalizer = normalizer;
    this.config = config;
  }

  /** The access token in an {@code Authorization: Bearer ...} header, or {@code null} when there is none. */
  public static String accessToken(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    var token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }

  /** The access token of a request that must be signed in; refused with {@code unauthenticated} when absent. */
  public static String requireAccessToken(String authorization) {
    var token = accessToken(authorization);
    if (token == null) {
      throw new GatewayException(ErrorId.UNAUTHENTICATED, "sign in first: Authorization: Bearer <access_token> is required");
    }
    return token;
  }

  /** The caller behind an access token. */
  public Uni<Caller> resolve(String accessToken) {
    return this.cache.find(accessToken)
        .onItem().ifNull().switchTo(() -> this.cloudBase.findCaller(accessToken)
            .map(this::normalized)
            .call(caller -> this.cache.save(accessToken, caller, this.config.callerCacheTtl())));
  }

  /** Forgets what CloudBase said about this token, after the user's contacts changed. */
  public Uni<Void> forget(String accessToken) {
    return this.cache.evict(accessToken);
  }

  private Caller normalized(Caller reported) {
    if (reported.userId() == null || reported.userId().isBlank()) {
      throw new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, "CloudBase did not say who the user is");
    }
    return new Caller(reported.userId(),
        this.normalizer.normalizeKnown(Channel.PHONE, reported.phoneNumber()).orElse(null),
        this.normalizer.normalizeKnown(Channel.EMAIL, reported.email()).orElse(null));
  }
}
