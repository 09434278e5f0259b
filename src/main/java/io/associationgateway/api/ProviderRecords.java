package io.associationgateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and response bodies of the provider endpoints. */
public final class ProviderRecords {

  private ProviderRecords() {
  }

  /** {@code GET /auth/v1/provider/uri}. */
  @Schema(name = "ProviderUriResponse")
  public record UriResponse(
      @Schema(description = "The WeChat authorize page to send the browser to", example = "https://open.weixin.qq.com/connect/qrconnect?appid=wx...&redirect_uri=...&response_type=code&scope=snsapi_login&state=...#wechat_redirect") String uri) {
  }

  /** {@code POST /auth/v1/provider/token}, as CloudBase documents it. */
  @Schema(name = "ProviderTokenRequest")
  public record TokenRequest(
      @Schema(description = "The provider, e.g. wx_open (WeChat Open Platform)", example = "wx_open", required = true) @JsonProperty("provider_id") String providerId,
      @Schema(description = "The code the provider returned to the redirect URI") @JsonProperty("provider_code") String providerCode,
      @Schema(description = "The redirect URI the code was issued for") @JsonProperty("provider_redirect_uri") String providerRedirectUri,
      @Schema(description = "The state the browser came back with (the gateway's, from provider/uri). Without it the provider token "
          + "cannot be bound with user/provider/bind") String state) {
  }

  /** CloudBase's provider token. */
  @Schema(name = "ProviderTokenResponse")
  public record TokenResponse(
      @Schema(description = "CloudBase's token standing for the provider identity") @JsonProperty("provider_token") String providerToken,
      @Schema(description = "Seconds the token lives", example = "3600") @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("provider_profile") Profile providerProfile) {
  }

  /** What the provider said about the user, as CloudBase passes it on. */
  @Schema(name = "ProviderProfile")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Profile(@JsonProperty("provider_id") String providerId, @Schema(description = "The provider's subject") String sub,
      String name, String picture) {
  }

  /** {@code POST /auth/v1/user/provider/bind}. */
  @Schema(name = "ProviderBindRequest")
  public record BindRequest(
      @Schema(description = "From POST /auth/v1/provider/token", required = true) @JsonProperty("provider_token") String providerToken,
      @Schema(description = "The caller's gateway sudo token (POST /auth/v1/user/sudo); required when "
          + "gateway.policy.provider-link-requires-sudo is on (the default)") @JsonProperty("sudo_token") String sudoToken) {
  }
}
