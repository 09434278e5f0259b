package io.associationgateway.domain;

/**
 * A normalised phone number ({@code +86 13800000000}, CloudBase's wire form) or e-mail address (lower case).
 * Two targets are the same address exactly when they are equal.
 */
public record ContactTarget(Channel channel, String value) {

  /** E.164 without the space, as SMS providers want it: {@code +8613800000000}. */
  public String e164() {
    return this.value.replace(" ", "");
  }

  /** A form safe for logs and error texts: {@code +86 138****0000}, {@code t***@example.com}. */
  public String masked() {
    if (this.channel == Channel.EMAIL) {
      var at = this.value.indexOf('@');
      return this.value.charAt(0) + "***" + this.value.substring(at);
    }
    var space = this.value.indexOf(' ');
    var national = this.value.substring(space + 1);
    if (national.length() < 7) {
      return this.value.substring(0, space + 1) + "****";
    }
    return this.value.substring(0, space + 1) + national.substring(0, 3) + "****" + national.substring(national.length() - 4);
  }

  @Override
  public String toString() {
    return this.channel + ":" + masked();
  }
}
