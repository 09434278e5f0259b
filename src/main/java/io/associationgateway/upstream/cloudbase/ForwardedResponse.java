package io.associationgateway.upstream.cloudbase;

import java.util.List;
import java.util.Map;

/** CloudBase's answer to a forwarded request, as it came: status, end-to-end headers and body bytes. */
public record ForwardedResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
}
