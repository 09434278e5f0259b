package io.associationgateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;

/**
 * The fake upstreams of one test run: CloudBase, Tencent SMS and WeChat on WireMock, SMTP on GreenMail behind a
 * {@link SmtpFaultProxy} (the gateway's mailer talks to the proxy).
 */
public record Upstreams(WireMockServer cloudBase, WireMockServer sms, WireMockServer wechat, GreenMail smtp, SmtpFaultProxy smtpProxy) {
}
