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

  /**
   * The mailbox this address is delivered to, for counting limits only: the local part without a {@code +tag}, and
   * for Gmail ({@code gmail.com}, {@code googlemail.com}, both counted as {@code gmail.com}) without dots, so
   * {@code in.box+1@googlemail.com} and {@code inbox@gmail.com} share one set of limits. A phone number is its own
   * mailbox. Codes still go to the address as the user typed it.
   */
  public String mailbox() {
    if (this.channel != Channel.EMAIL) {
      return this.value;
    }
    var at = this.value.lastIndexOf('@');
    var local = this.value.substring(0, at);
    var domain = this.value.substring(at + 1);
    var plus = local.indexOf('+');
    if (plus > 0) {
      local = local.substring(0, plus);
    }
    if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
      domain = "gmail.com";
      var undotted = local.replace(".", "");
      local = undotted.isEmpty() ? local : undotted;
    }
    return local + "@" + domain;
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
