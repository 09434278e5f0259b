package io.associationgateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outcome names are part of the API (metrics, audit log, webhooks): these are the ones dashboards match on. */
class AuditOutcomeTest {

  enum Check {
    WRONG_USER
  }

  @Test
  void namesOnTheWireAreTheDocumentedOnes() {
    assertThat(AuditOutcome.SENT.wireName()).isEqualTo("sent");
    assertThat(AuditOutcome.REFUSED_REDIRECT_URI.wireName()).isEqualTo("refused_redirect_uri");
    assertThat(AuditOutcome.refused(Check.WRONG_USER).wireName()).isEqualTo("refused_wrong_user");
    assertThat(AuditOutcome.refused("target_cooldown").wireName()).isEqualTo("refused_target_cooldown");
    assertThat(AuditOutcome.grantedBy("password").wireName()).isEqualTo("granted_by_password");
    assertThat(AuditOutcome.boundBy("DELETE_ACCOUNT_TRANSFER").wireName()).isEqualTo("bound_by_delete_account_transfer");
    assertThat(AuditOutcome.of("VERIFIED")).isEqualTo(AuditOutcome.of("verified"));
  }

  @Test
  void aNameCloudBaseChoseCannotPutOddCharactersIntoAMetricTagOrTheLog() {
    assertThat(AuditOutcome.refused("Bad Request\n{x=1}").wireName()).isEqualTo("refused_bad_request__x_1_");
  }
}
