package io.associationgateway.upstream.tencent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Checks the signer against Tencent Cloud's own worked example of "Signature v3" (签名方法 v3): CVM DescribeInstances,
 * POST to cvm.tencentcloudapi.com at X-TC-Timestamp 1551113065 (2019-02-26 00:44:25 in UTC+8, so the UTC date
 * 2019-02-25 is what the scope must carry). Every expected value below is copied from the published page, not
 * computed here.
 *
 * <p>The page exists in several revisions that share the request and differ in the example key and signed headers:
 * <ul>
 * <li>SecretKey "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", signed headers content-type;host, Signature 72e494ea...
 * (tencentcloud.com / trtc.io "Signature v3" pages; tencentyun/qcloud-documents
 * product/云资源管理/云API/操作指南/Python_API.md).</li>
 * <li>The same request with the literally masked SecretKey "Gu5t9xGARNpq86cd98joQYCN3*******" (asterisks are part of
 * the key), signed headers content-type;host, Signature 2230eefd... (cloud.tencent.com/document/api/213/30654 of
 * that time; TencentCloud/signature-process-demo uses the same example credentials).</li>
 * <li>The current revision also signs x-tc-action (content-type;host;x-tc-action), which this signer does not; with
 * SecretKey of 32 asterisks it publishes the StringToSign and Signature 10b1a37a..., which still pins the HMAC chain.</li>
 * </ul>
 */
class Tc3SignerTest {

  private static final long TIMESTAMP = 1551113065L;
  private static final String HOST = "cvm.tencentcloudapi.com";
  private static final String SERVICE = "cvm";

  /** The documented body: the backslash-u escapes are literal characters of the JSON that is sent and hashed. */
  private static final String PAYLOAD = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";

  /** Documented HashedRequestPayload. */
  private static final String DOC_HASHED_PAYLOAD = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";

  /** Documented CanonicalRequest (content-type;host revisions). */
  private static final String DOC_CANONICAL_REQUEST = "POST\n"
      + "/\n"
      + "\n"
      + "content-type:application/json; charset=utf-8\n"
      + "host:cvm.tencentcloudapi.com\n"
      + "\n"
      + "content-type;host\n"
      + "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";

  /** Documented HashedCanonicalRequest (content-type;host revisions). */
  private static final String DOC_HASHED_CANONICAL_REQUEST = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";

  /** Documented StringToSign (content-type;host revisions). */
  private static final String DOC_STRING_TO_SIGN = "TC3-HMAC-SHA256\n"
      + "1551113065\n"
      + "2019-02-25/cvm/tc3_request\n"
      + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";

  @Test
  void reproducesTheDocumentedExampleWithTheExampleKey() {
    var signer = new Tc3Signer("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");

    var canonicalRequest = Tc3Signer.canonicalRequest(HOST, Tc3Signer.CONTENT_TYPE, PAYLOAD);
    assertThat(canonicalRequest).isEqualTo(DOC_CANONICAL_REQUEST).endsWith("\n" + DOC_HASHED_PAYLOAD);

    var stringToSign = Tc3Signer.stringToSign(SERVICE, canonicalRequest, TIMESTAMP);
    assertThat(stringToSign).isEqualTo(DOC_STRING_TO_SIGN).endsWith("\n" + DOC_HASHED_CANONICAL_REQUEST);

    assertThat(signer.signature(SERVICE, stringToSign, TIMESTAMP))
        .isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    assertThat(signer.authorization(SERVICE, HOST, Tc3Signer.CONTENT_TYPE, PAYLOAD, TIMESTAMP))
        .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
            + "SignedHeaders=content-type;host, "
            + "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  }

  @Test
  void reproducesTheDocumentedExampleWithTheMaskedKey() {
    var signer = new Tc3Signer("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******");

    assertThat(Tc3Signer.canonicalRequest(HOST, Tc3Signer.CONTENT_TYPE, PAYLOAD)).isEqualTo(DOC_CANONICAL_REQUEST);
    assertThat(Tc3Signer.stringToSign(SERVICE, DOC_CANONICAL_REQUEST, TIMESTAMP)).isEqualTo(DOC_STRING_TO_SIGN);
    assertThat(signer.signature(SERVICE, DOC_STRING_TO_SIGN, TIMESTAMP))
        .isEqualTo("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    assertThat(signer.authorization(SERVICE, HOST, Tc3Signer.CONTENT_TYPE, PAYLOAD, TIMESTAMP))
        .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, "
            + "SignedHeaders=content-type;host, "
            + "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
  }

  @Test
  void signsTheStringToSignOfTheCurrentRevisionThatAlsoSignsXTcAction() {
    // The current page signs content-type;host;x-tc-action, so only its key-independent payload hash and its
    // published StringToSign -> Signature step can be matched here.
    var signer = new Tc3Signer("AKID********************************", "********************************");
    var documentedStringToSign = "TC3-HMAC-SHA256\n"
        + "1551113065\n"
        + "2019-02-25/cvm/tc3_request\n"
        + "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84";

    assertThat(Tc3Signer.canonicalRequest(HOST, Tc3Signer.CONTENT_TYPE, PAYLOAD)).endsWith("\n" + DOC_HASHED_PAYLOAD);
    assertThat(signer.signature(SERVICE, documentedStringToSign, TIMESTAMP))
        .isEqualTo("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
  }

  @Test
  void authorizationHasTheTc3FormAndDependsOnThePayload() {
    var signer = new Tc3Signer("AKIDexampleSecretId", "exampleSecretKey");
    var first = signer.authorization("sms", "sms.tencentcloudapi.com", Tc3Signer.CONTENT_TYPE,
        "{\"PhoneNumberSet\":[\"+8613800000000\"],\"TemplateParamSet\":[\"123456\"]}", TIMESTAMP);
    var second = signer.authorization("sms", "sms.tencentcloudapi.com", Tc3Signer.CONTENT_TYPE,
        "{\"PhoneNumberSet\":[\"+8613800000000\"],\"TemplateParamSet\":[\"654321\"]}", TIMESTAMP);

    var form = Pattern.compile("TC3-HMAC-SHA256 Credential=AKIDexampleSecretId/2019-02-25/sms/tc3_request, "
        + "SignedHeaders=content-type;host, Signature=([0-9a-f]{64})");
    assertThat(first).matches(form);
    assertThat(second).matches(form);
    assertThat(signatureOf(first)).isNotEqualTo(signatureOf(second));
  }

  @Test
  void neverShowsTheSecretKeyAndRefusesMissingCredentials() {
    var signer = new Tc3Signer("AKIDexampleSecretId", "exampleSecretKey");
    assertThat(signer.toString()).contains("AKIDexampleSecretId").doesNotContain("exampleSecretKey");
    assertThat(signer.signature(SERVICE, DOC_STRING_TO_SIGN, TIMESTAMP))
        .isNotEqualTo(new Tc3Signer("AKIDexampleSecretId", "otherSecretKey").signature(SERVICE, DOC_STRING_TO_SIGN, TIMESTAMP));

    assertThatThrownBy(() -> new Tc3Signer("AKIDexampleSecretId", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tc3Signer("", "exampleSecretKey")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tc3Signer("AKID\r\nX-Injected: 1", "exampleSecretKey"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String signatureOf(String authorization) {
    return authorization.substring(authorization.lastIndexOf("Signature=") + "Signature=".length());
  }
}
