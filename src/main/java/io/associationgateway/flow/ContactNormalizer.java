package io.associationgateway.flow;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;

/**
 * Parses phone numbers (libphonenumber; a number without country code is read as mainland China, as the SDK does)
 * into CloudBase's {@code +86 13800000000} form, and e-mail addresses into lower case. Invalid input is refused
 * before anything is stored or sent.
 */
@Singleton
public class ContactNormalizer {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final String DEFAULT_REGION = "CN";
  private static final int MAX_PHONE_LENGTH = 32;
  private static final int MAX_EMAIL_LENGTH = 254;
  /**
   * Local part: visible ASCII without the specials (no controls, no spaces, no non-ASCII: SMTP servers without SMTPUTF8
   * refuse those) and without {@code %}, which some mail servers still read as a relay route ({@code user%host@relay}).
   */
  private static final Pattern EMAIL = Pattern.compile(
      "^[\\x21-\\x7e&&[^@\"(),:;<>\\[\\\\\\]%]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

  /** Exactly one of the two must be given. */
  public ContactTarget parse(String phoneNumber, String email) {
    var hasPhone = phoneNumber != null && !phoneNumber.isBlank();
    var hasEmail = email != null && !email.isBlank();
    if (hasPhone == hasEmail) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "give exactly one of phone_number and email");
    }
    return hasPhone ? phone(phoneNumber) : email(email);
  }

  public ContactTarget phone(String raw) {
    if (raw.length() > MAX_PHONE_LENGTH) {
      throw invalidPhone();
    }
    try {
      var number = PHONES.parse(raw.strip(), DEFAULT_REGION);
      // getNumberType answers UNKNOWN for a number that is not valid, so a mobile type implies isValidNumber
      var type = PHONES.getNumberType(number);
      if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
        throw invalidPhone();
      }
      return new ContactTarget(Channel.PHONE, "+" + number.getCountryCode() + " " + PHONES.getNationalSignificantNumber(number));
    } catch (NumberParseException e) {
      throw invalidPhone();
    }
  }

  /** ISO 3166 region of a normalised phone number, e.g. {@code CN}; {@code ZZ} when unknown. */
  public String region(ContactTarget phone) {
    var regions = PHONES.getRegionCodesForCountryCode(countryCode(phone.value()));
    if (regions.size() == 1) {
      // the one region of its country code (+86: CN), as getRegionCodeForNumber would answer, without parsing again
      return regions.get(0);
    }
    try {
      var region = PHONES.getRegionCodeForNumber(PHONES.parse(phone.value(), DEFAULT_REGION));
      return region == null ? "ZZ" : region;
    } catch (NumberParseException e) {
      return "ZZ";
    }
  }

  /** The country calling code of a normalised number ({@code +86 13800000000}: 86), 0 when there is none. */
  private static int countryCode(String normalized) {
    var space = normalized.indexOf(' ');
    try {
      return normalized.startsWith("+") && space > 1 ? Integer.parseInt(normalized, 1, space, 10) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public ContactTarget email(String raw) {
    var value = raw.strip().toLowerCase(Locale.ROOT);
    if (value.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(value).matches()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "email is not a valid e-mail address");
    }
    return new ContactTarget(Channel.EMAIL, value);
  }

  /** The normalised form of a contact CloudBase reported, or empty when it is absent or unreadable. */
  public Optional<String> normalizeKnown(Channel channel, String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(channel == Channel.PHONE ? phone(raw).value() : email(raw).value());
    } catch (GatewayException unreadable) {
      return Optional.empty();
    }
  }

  private static GatewayException invalidPhone() {
    return new GatewayException(ErrorId.INVALID_ARGUMENT, "phone_number is not a valid mobile number (e.g. +86 13800000000)");
  }
}
