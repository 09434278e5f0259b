package io.associationgateway.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;
import io.associationgateway.domain.ContactTarget;

/** Sandbox recipients ({@code gateway.flow.sandbox-recipients}): fixed codes, nothing delivered. */
@Singleton
public class SandboxCodes {

  private final Map<String, String> codes = new HashMap<>();

  public SandboxCodes(FlowConfig config, ContactNormalizer normalizer) {
    for (var entry : config.sandboxRecipients().orElse(List.of())) {
      var separator = entry.lastIndexOf('=');
      if (entry.isBlank()) {
        continue;
      }
      if (separator <= 0) {
        throw new IllegalStateException("gateway.flow.sandbox-recipients entries look like 'address=code'");
      }
      var address = entry.substring(0, separator).strip();
      var code = entry.substring(separator + 1).strip();
      if (code.length() != config.codeLength() || !code.chars().allMatch(Character::isDigit)) {
        throw new IllegalStateException("sandbox code must have " + config.codeLength() + " digits");
      }
      var target = address.contains("@") ? normalizer.email(address) : normalizer.phone(address);
      this.codes.put(target.value(), code);
    }
  }

  /** The fixed code of a sandbox recipient. */
  public Optional<String> codeFor(ContactTarget target) {
    return Optional.ofNullable(this.codes.get(target.value()));
  }
}
