package io.associationgateway.domain;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key the per-IP limits count a client under: an IPv4 address as it is, an IPv6 address by its /64 network
 * ({@code 2001:db8:1:2::/64}), because one subscriber is usually given a whole /64 and could otherwise take a fresh
 * budget with every address in it. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
public final class NetworkKey {

  private NetworkKey() {
  }

  /** The limit key of a client IP literal; anything that is not an IPv6 literal is returned as it is. */
  public static String of(String ip) {
    if (ip == null || ip.indexOf(':') < 0) {
      return ip;
    }
    byte[] bytes;
    try {
      // a string with ':' is parsed as an IPv6 literal, never looked up in DNS
      var address = InetAddress.getByName(ip);
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
      bytes = address.getAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      return ip;
    }
    var network = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    }
    return network.append(":/64").toString();
  }
}
