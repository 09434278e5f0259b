package io.associationgateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;

/**
 * The fake upstreams of one test run: CloudBase and Tencent SMS on WireMock, SMTP on GreenMail behind a
 * {@link SmtpFaultProxy} (the gateway's mailer talks to the proxy).
 */
public record Upstreams(WireMockServer cloudBase, WireMockServer sms, GreenMail smtp, SmtpFaultProxy smtpProxy) {
}
