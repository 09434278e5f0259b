package io.associationgateway.local;

/** A WeChat identity as CloudBase's {@code wx_open} provider sees it: {@code sub} is the unionid (or the openid without one). */
record ProviderIdentity(String sub, String name, String picture) {

  /** The only provider the emulated CloudBase console has enabled. */
  static final String WX_OPEN = "wx_open";
}
