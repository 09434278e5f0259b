package io.associationgateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the fake upstreams in-process on free ports and points the gateway at them. */
public class UpstreamsResource implements QuarkusTestResourceLifecycleManager {

  public static final String SMS_SECRET_ID = "AKIDtestsecretid";
  public static final String SMS_SECRET_KEY = "test-secret-key";
  /** The CloudBase environment owner's key pair (client credentials and TC3 signatures). */
  public static final String CLOUDBASE_SECRET_ID = "AKIDtestcloudbase0000000000000000";
  public static final String CLOUDBASE_SECRET_KEY = "test-cloudbase-secret-key";

  private Upstreams upstreams;

  @Override
  public Map<String, String> start() {
    var cloudBaseConnections = new ConnectionCounter();
    var cloudBase = new WireMockServer(options().dynamicPort().networkTrafficListener(cloudBaseConnections));
    var sms = new WireMockServer(options().dynamicPort());
    cloudBase.start();
    sms.start();
    var smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    var smtpProxy = new SmtpFaultProxy(smtp.getSmtp().getPort());
    this.upstreams = new Upstreams(cloudBase, cloudBaseConnections, sms, smtp, smtpProxy);
    return Map.ofEntries(
        Map.entry("gateway.cloudbase.url", cloudBase.baseUrl()),
        Map.entry("gateway.cloudbase.secret-id", CLOUDBASE_SECRET_ID),
        Map.entry("gateway.cloudbase.secret-key", CLOUDBASE_SECRET_KEY),
        Map.entry("gateway.cloudbase.tcb-endpoint", cloudBase.baseUrl() + "/tcb/"),
        Map.entry("gateway.cloudbase.timeout", "1s"),
        Map.entry("gateway.sms.endpoint", sms.baseUrl()),
        Map.entry("gateway.sms.secret-id", SMS_SECRET_ID),
        Map.entry("gateway.sms.secret-key", SMS_SECRET_KEY),
        Map.entry("gateway.sms.sdk-app-id", "1400006666"),
        Map.entry("gateway.sms.sign-name", "TestSign"),
        Map.entry("gateway.sms.template-id", "449739"),
        Map.entry("gateway.sms.timeout", "1s"),
        Map.entry("quarkus.mailer.host", "127.0.0.1"),
        Map.entry("quarkus.mailer.port", Integer.toString(smtpProxy.port())),
        // one connection per message, so a fault the proxy is switched to applies to the very next message
        Map.entry("quarkus.mailer.keep-alive", "false"),
        Map.entry("gateway.email.timeout", "1s"),
        Map.entry("quarkus.mailer.from", "no-reply@gateway.test"),
        Map.entry("quarkus.mailer.start-tls", "DISABLED"),
        Map.entry("quarkus.mailer.tls", "false"));
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(this.upstreams, new TestInjector.AnnotatedAndMatchesType(InjectUpstreams.class, Upstreams.class));
  }

  @Override
  public void stop() {
    if (this.upstreams != null) {
      this.upstreams.cloudBase().stop();
      this.upstreams.sms().stop();
      this.upstreams.smtpProxy().close();
      this.upstreams.smtp().stop();
    }
  }
}
