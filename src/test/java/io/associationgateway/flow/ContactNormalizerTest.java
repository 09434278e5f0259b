package io.associationgateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;

/** {@link ContactNormalizer}: what each address the client may send becomes, and what is refused, without a server. */
class ContactNormalizerTest {

  private final ContactNormalizer normalizer = new ContactNormalizer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      // CloudBase's own form, and the forms around it; no country code reads as mainland China
      "+86 13800000000; +86 13800000000",
      "+8613800000000; +86 13800000000",
      "13800000000; +86 13800000000",
      "  138 0000 0000 ; +86 13800000000",
      "+86-138-0000-0000; +86 13800000000",
      "008613800000000; +86 13800000000",
      // other countries' mobiles keep their own code
      "+1 2015550123; +1 2015550123",
      "+44 7400 123456; +44 7400123456",
      "+852 51234567; +852 51234567",
  })
  void phonesBecomeCloudBasesForm(String raw, String normalised) {
    assertThat(this.normalizer.phone(raw)).isEqualTo(new ContactTarget(Channel.PHONE, normalised));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "", "   ", "abc", "+86", "1380000", "+86 1380000000000000",
      "+86 1010 0000", // a landline number: no SMS
      "+44 20 7946 0000", // a UK landline
      "+999 13800000000", // no such country code
      "+86 138000000001234567890123456789", // longer than 32 characters
  })
  void whatIsNoMobileNumberIsRefusedAsBadInput(String raw) {
    assertThatThrownBy(() -> this.normalizer.phone(raw)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.id()).isEqualTo(ErrorId.INVALID_ARGUMENT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "Someone@Example.COM; someone@example.com",
      "  a@b.cn  ; a@b.cn",
      "first.last+tag@mail.example.org; first.last+tag@mail.example.org",
  })
  void emailsBecomeLowerCase(String raw, String normalised) {
    assertThat(this.normalizer.email(raw)).isEqualTo(new ContactTarget(Channel.EMAIL, normalised));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "", "plain", "@example.com", "a@", "a@example", "a@@example.com", "a b@example.com", "a\"b@example.com",
      "a@-example.com", "a@example-.com", "a@exa_mple.com", "ü@example.com", "a@exämple.com",
      "a(b)@example.com", "a,b@example.com",
  })
  void whatIsNoPlainAddressIsRefusedAsBadInput(String raw) {
    assertThatThrownBy(() -> this.normalizer.email(raw)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.id()).isEqualTo(ErrorId.INVALID_ARGUMENT));
  }

  @Test
  void addressesAtTheLengthLimits() {
    var local64 = "a".repeat(64);
    assertThat(this.normalizer.email(local64 + "@example.com").value()).startsWith(local64);
    assertThatThrownBy(() -> this.normalizer.email("a".repeat(65) + "@example.com")).isInstanceOf(GatewayException.class);
    // 254 characters in all is the most an address may have
    var label = "b".repeat(60);
    var domain252 = String.join(".", label, label, label, label, "cccc") + ".com";
    assertThat(this.normalizer.email("a@" + domain252).value()).hasSize(254);
    assertThatThrownBy(() -> this.normalizer.email("aa@" + domain252)).isInstanceOf(GatewayException.class);
  }

  @Test
  void exactlyOneOfPhoneAndEmail() {
    assertThat(this.normalizer.parse("13800000000", null).channel()).isEqualTo(Channel.PHONE);
    assertThat(this.normalizer.parse(" ", "a@b.cn").channel()).isEqualTo(Channel.EMAIL);
    assertThatThrownBy(() -> this.normalizer.parse("13800000000", "a@b.cn")).isInstanceOf(GatewayException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> this.normalizer.parse(null, "")).isInstanceOf(GatewayException.class);
  }

  @Test
  void contactsCloudBaseReportedAreNormalisedOrDropped() {
    assertThat(this.normalizer.normalizeKnown(Channel.PHONE, "+86 138 0000 0000")).contains("+86 13800000000");
    assertThat(this.normalizer.normalizeKnown(Channel.EMAIL, "A@B.CN")).contains("a@b.cn");
    assertThat(this.normalizer.normalizeKnown(Channel.PHONE, "not a number")).isEmpty();
    assertThat(this.normalizer.normalizeKnown(Channel.EMAIL, null)).isEmpty();
    assertThat(this.normalizer.normalizeKnown(Channel.EMAIL, " ")).isEmpty();
  }

  @Test
  void theRegionOfANormalisedNumber() {
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+86 13800000000"))).isEqualTo("CN");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+852 51234567"))).isEqualTo("HK");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+999 1"))).isEqualTo("ZZ");
    // country codes shared by several regions are told apart by the number
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+1 2015550123"))).isEqualTo("US");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+1 6135550123"))).isEqualTo("CA");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+7 7012345678"))).isEqualTo("KZ");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "+7 9123456789"))).isEqualTo("RU");
    assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, "13800000000"))).isEqualTo("CN");
  }

  @Test
  void everyRegionAgreesWithLibphonenumbersOwnAnswer() {
    var phones = PhoneNumberUtil.getInstance();
    for (var region : phones.getSupportedRegions()) {
      var example = phones.getExampleNumberForType(region, PhoneNumberType.MOBILE);
      if (example != null) {
        var normalized = "+" + example.getCountryCode() + " " + phones.getNationalSignificantNumber(example);
        assertThat(this.normalizer.region(new ContactTarget(Channel.PHONE, normalized))).as(normalized)
            .isEqualTo(phones.getRegionCodeForNumber(example));
      }
    }
  }
}
