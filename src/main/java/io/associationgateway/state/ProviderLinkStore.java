package io.associationgateway.state;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Linking rounds: the OAuth {@code state} the gateway minted ({@link RedisKeys#linkState} {@code -> owner, device id,
 * redirect URI}, one a line, single use) and the provider token a round produced ({@link RedisKeys#linkToken} {@code -> owner}).
 * An owner is {@code u:<user id>} or {@code d:<device id>}. Only hashes of states and tokens are keys.
 */
@Singleton
public class ProviderLinkStore {

  private final ReactiveValueCommands<String, String> values;

  public ProviderLinkStore(ReactiveRedisDataSource redis) {
    this.values = redis.value(String.class);
  }

  /** A round: who started it, on which device, and where its browser goes back to. */
  public record Round(String owner, String deviceId, String redirectUri) {
  }

  /** Records the round under its state and, when it has a device, as that device's latest round. */
  public Uni<Void> saveState(String state, Round round, Duration ttl) {
    var saved = this.values.set(RedisKeys.linkState(state), round.owner() + "\n" + round.deviceId() + "\n" + round.redirectUri(),
        new SetArgs().px(ttl));
    if (round.deviceId() == null || round.deviceId().isEmpty()) {
      return saved;
    }
    // the device's pointer is written alongside, not after: one round trip, and a pointer to a missing state reads as none
    return Uni.combine().all().unis(saved, this.values.set(RedisKeys.linkDevice(round.deviceId()), state, new SetArgs().px(ttl)))
        .discardItems();
  }

  /** The state of the latest round {@code deviceId} started, removed as it is read, or {@code null}. */
  public Uni<String> takeDeviceState(String deviceId) {
    return this.values.getdel(RedisKeys.linkDevice(deviceId));
  }

  /** The round of a state, removed as it is read (single use), or {@code null} when unknown, used or expired. */
  public Uni<Round> takeState(String state) {
    return this.values.getdel(RedisKeys.linkState(state)).map(value -> {
      if (value == null) {
        return null;
      }
      var lines = value.split("\n", 3);
      return lines.length < 3 ? null : new Round(lines[0], lines[1], lines[2]);
    });
  }

  public Uni<Void> recordToken(String providerToken, String owner, Duration ttl) {
    return this.values.set(RedisKeys.linkToken(providerToken), owner, new SetArgs().px(ttl));
  }

  /** The owner of the round that produced the provider token, or {@code null}. */
  public Uni<String> tokenOwner(String providerToken) {
    return this.values.get(RedisKeys.linkToken(providerToken));
  }
}
