package io.associationgateway.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;

/**
 * The fake upstreams of one test run: CloudBase and Tencent SMS on WireMock, SMTP on GreenMail behind a
 * {@link SmtpFaultProxy} (the gateway's mailer talks to the proxy). {@code cloudBaseConnections} watches the connections
 * the gateway opens to CloudBase.
 */
public record Upstreams(WireMockServer cloudBase, ConnectionCounter cloudBaseConnections, WireMockServer sms, GreenMail smtp,
    SmtpFaultProxy smtpProxy) {
}
