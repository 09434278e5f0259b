package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

/** Which requests the gateway answers and which go to CloudBase as they came. */
class DelegationTest {

  @Test
  void onlyTheOwnedEndpointsReachTheGatewaysResources() {
    assertThat(Delegation.isOwned(HttpMethod.POST, "/auth/v1/user/sudo")).isTrue();
    assertThat(Delegation.isOwned(HttpMethod.PATCH, "/auth/v1/user/contact")).isTrue();
    assertThat(Delegation.isOwned(HttpMethod.DELETE, "/auth/v1/user/provider/wx_open")).isTrue();
    assertThat(Delegation.isOwned(HttpMethod.GET, "/auth/v1/user/provider")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.POST, "/auth/v1/signin")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.GET, "/auth/v1/user/sudo")).isFalse();
  }

  @Test
  void anOwnedPathMatchesWholeAndNothingNearIt() {
    for (var endpoint : OwnedEndpoint.values()) {
      assertThat(Delegation.isOwned(endpoint.method(), endpoint.path().replace("{provider_id}", "wx_open"))).as(endpoint.name()).isTrue();
    }
    assertThat(Delegation.isOwned(HttpMethod.POST, "/auth/v1/user/sudo/")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.POST, "/auth/v1/user/sudox")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.POST, "/auth/v1/verification/verify/")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.DELETE, "/auth/v1/user/provider/")).isFalse();
    assertThat(Delegation.isOwned(HttpMethod.DELETE, "/auth/v1/user/provider/wx_open/x")).isFalse();
  }

  @Test
  void aCodeRequestIsCloudBasesWithoutABearerOrForItsOwnFlows() {
    assertThat(Delegation.sendCodeIsCloudBases(null, null)).isTrue();
    assertThat(Delegation.sendCodeIsCloudBases("at", "SIGN_IN")).isTrue();
    assertThat(Delegation.sendCodeIsCloudBases("at", "REGISTER")).isTrue();
    assertThat(Delegation.sendCodeIsCloudBases("at", "PASSWORD_RESET")).isTrue();
    assertThat(Delegation.sendCodeIsCloudBases("at", null)).isFalse();
    assertThat(Delegation.sendCodeIsCloudBases("at", "PHONE_NUMBER_CHANGE")).isFalse();
  }

  @Test
  void aCodeCheckIsCloudBasesUnlessTheGatewayIssuedTheId() {
    assertThat(Delegation.verifyIsCloudBases("gwv_0a1abc")).isFalse();
    assertThat(Delegation.verifyIsCloudBases("cb-verification-id")).isTrue();
  }

  @Test
  void relayedRequestsThatMayCarryAGatewaySudoTokenAreReadFirst() {
    assertThat(Delegation.mayCarrySudoToken(HttpMethod.GET, "/auth/v1/anything", "sudo_token=gws_x")).isTrue();
    assertThat(Delegation.mayCarrySudoToken(HttpMethod.PATCH, "/auth/v1/user/password", null)).isTrue();
    assertThat(Delegation.mayCarrySudoToken(HttpMethod.DELETE, "/auth/v1/user/me", null)).isTrue();
    assertThat(Delegation.mayCarrySudoToken(HttpMethod.GET, "/auth/v1/user/me", null)).isFalse();
    assertThat(Delegation.mayCarrySudoToken(HttpMethod.POST, "/auth/v1/signin", null)).isFalse();
  }
}
