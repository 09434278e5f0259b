package io.associationgateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and response bodies of the provider endpoints. */
public final class ProviderRecords {

  private ProviderRecords() {
  }

  /** {@code GET /auth/v1/provider/uri}. */
  @Schema(name = "ProviderUriResponse")
  public record UriResponse(@Schema(description = "The WeChat authorize page to send the browser to",
      example = "https://open.weixin.qq.com/connect/qrconnect?appid=wx...&redirect_uri=...&response_type=code&scope=snsapi_login&state=...#wechat_redirect")
      String uri) {
  }

  /** {@code POST /auth/v1/provider/token}. */
  @Schema(name = "ProviderTokenRequest")
  public record TokenRequest(
      @Schema(description = "wx_open, or another configured WeChat app id; other providers go to CloudBase", example = "wx_open", required = true)
      @JsonProperty("provider_id") String providerId,
      @Schema(description = "The code WeChat returned to the redirect URI", required = true) @JsonProperty("provider_code") String providerCode,
      @Schema(description = "The redirect URI the code was issued for") @JsonProperty("provider_redirect_uri") String providerRedirectUri,
      @Schema(description = "The state from GET /auth/v1/provider/uri; when given it must be unused and match provider and redirect URI")
      String state) {
  }

  /** A provider token. */
  @Schema(name = "ProviderTokenResponse")
  public record TokenResponse(
      @Schema(description = "Single-use token standing for the WeChat identity", example = "gwp_N2Qx...") @JsonProperty("provider_token") String providerToken,
      @Schema(description = "Seconds the token lives", example = "600") @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("provider_profile") Profile providerProfile) {
  }

  /** What WeChat said about the user. */
  @Schema(name = "ProviderProfile")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Profile(@JsonProperty("provider_id") String providerId, @Schema(description = "unionid, else appid:openid") String sub,
      String name, String picture) {
  }

  /** {@code POST /auth/v1/user/provider/bind}. */
  @Schema(name = "ProviderBindRequest")
  public record BindRequest(@Schema(description = "From POST /auth/v1/provider/token", required = true) @JsonProperty("provider_token") String providerToken) {
  }

  /** {@code GET /auth/v1/user/provider}. */
  @Schema(name = "ProvidersResponse")
  public record ProvidersResponse(long total, List<Linked> data) {
  }

  /** A linked provider. */
  @Schema(name = "LinkedProvider")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Linked(@Schema(example = "wx_open") String id, @Schema(example = "WeChat") String name,
      @Schema(description = "Nickname at the provider") @JsonProperty("provider_user_name") String providerUserName,
      @Schema(description = "Always true: only linked providers are listed") boolean bind,
      @Schema(description = "When it was linked (ISO 8601), when known") @JsonProperty("linked_at") String linkedAt,
      @Schema(description = "The provider's subject, masked", example = "oU2x****9a") String subject) {
  }
}
