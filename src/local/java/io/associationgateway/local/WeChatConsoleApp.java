package io.associationgateway.local;

/**
 * The WeChat Open Platform app configured in the emulated CloudBase console for provider {@code wx_open}: CloudBase,
 * not the gateway, holds its AppSecret and exchanges codes with it. Local mode only.
 */
final class WeChatConsoleApp {

  static final String APP_ID = "wxlocalopen000001";
  static final String APP_SECRET = "local-open-app-secret";
  static final String SCOPE = "snsapi_login";

  private WeChatConsoleApp() {
  }
}
