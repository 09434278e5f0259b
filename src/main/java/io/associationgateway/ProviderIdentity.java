package io.associationgateway;

/**
 * A WeChat identity proved by an OAuth code: which provider id and app, the app's {@code openid}, the cross-app
 * {@code unionid} when WeChat gives one, and the profile. Its {@link #key()} is the {@code unionid}, else the app's
 * {@code openid}, so one person is recognised across the apps of one WeChat Open Platform account.
 */
public record ProviderIdentity(String providerId, String appId, String openid, String unionid, String nickname, String avatar) {

  public String key() {
    return this.unionid != null && !this.unionid.isBlank() ? this.unionid : this.appId + ":" + this.openid;
  }

  /** A form safe for logs and lists: the first 4 and last 2 characters. */
  public static String mask(String subject) {
    if (subject == null || subject.length() < 8) {
      return "****";
    }
    return subject.substring(0, 4) + "****" + subject.substring(subject.length() - 2);
  }
}
