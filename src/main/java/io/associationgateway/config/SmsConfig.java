package io.associationgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How one-time codes reach phones: Tencent Cloud SMS {@code SendSms} (API 2021-01-11), or the local outbox. */
@ConfigMapping(prefix = "gateway.sms")
public interface SmsConfig {

  /** Which sender delivers SMS. <p>Defaults to {@code tencent}; {@code outbox} is for local mode only.</p> */
  @WithDefault("tencent")
  Provider provider();

  /** Tencent Cloud SMS endpoint. <p>Defaults to {@code https://sms.tencentcloudapi.com}.</p> */
  @WithDefault("https://sms.tencentcloudapi.com")
  URI endpoint();

  /** Tencent Cloud region sent as {@code X-TC-Region}. <p>Defaults to {@code ap-guangzhou}.</p> */
  @WithDefault("ap-guangzhou")
  String region();

  /** Tencent Cloud API SecretId. Required with the {@code tencent} provider. */
  Optional<String> secretId();

  /** Tencent Cloud API SecretKey. Required with the {@code tencent} provider; never logged. */
  Optional<String> secretKey();

  /** SMS application id ({@code SmsSdkAppId}, e.g. {@code 1400006666}). Required with the {@code tencent} provider. */
  Optional<String> sdkAppId();

  /** Approved signature content ({@code SignName}); required for mainland China numbers. */
  Optional<String> signName();

  /** Approved verification-code template ({@code TemplateId}). Required with the {@code tencent} provider. */
  Optional<String> templateId();

  /**
   * Approved template without variables for security notices ("your sign-in details were changed"). Without it,
   * notices go by e-mail only.
   */
  Optional<String> noticeTemplateId();

  /**
   * Whether the template has a second variable for the code's lifetime in minutes ({@code {1}} is always the code).
   * <p>Defaults to {@code false}.</p>
   */
  @WithDefault("false")
  boolean templateHasMinutes();

  /** Time allowed for one {@code SendSms} call. <p>Defaults to {@code 5s}.</p> */
  @WithDefault("5s")
  Duration timeout();

  /** SMS delivery choices. */
  enum Provider {
    tencent, outbox
  }
}
