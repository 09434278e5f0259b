#!/usr/bin/env python3
"""Where the features-on variant's extra CPU per flow goes: each sample of the plain and the features-on profile is
charged to a production feature when the code it is in belongs to that feature, that is when its innermost frames,
from the leaf up to the first frame of application or framework code, include one of the feature's own frames and
nothing else but JDK, Netty plumbing, native and kernel frames; otherwise to "the flow itself". Work a feature merely
wraps (a filter that calls the next handler, Netty's TLS handler passing decrypted bytes on) is not charged to it.

Usage: python3 features.py plain.collapsed.gz features.collapsed.gz [flows]   (microseconds per flow)
"""
import collections
import gzip
import sys

FLOWS = int(sys.argv[3]) if len(sys.argv) > 3 else 30_000
FEATURES = [
    ("TLS to the upstreams", ("io/netty/handler/ssl", "io/netty/internal/tcnative", "SSL_", "ssl_", "sun/security/ssl",
                              "aes_", "gcm_", "sha256_block", "EVP_", "bssl", "x25519", "ec_")),
    ("tracing (OpenTelemetry)", ("io/opentelemetry", "io/quarkus/opentelemetry")),
    ("webhooks", ("io/associationgateway/webhook",)),
    ("Idempotency-Key", ("io/associationgateway/api/Idempotency", "io/associationgateway/state/Idempotency")),
    ("CORS", ("io/quarkus/vertx/http/runtime/cors",)),
    ("Prometheus client (exemplars)", ("io/prometheus/",)),
]
# frames that carry no feature of their own: the JDK, Netty's buffers and utilities, the JVM, the kernel
NEUTRAL = ("java/", "jdk/", "sun/nio", "sun/misc", "io/netty/buffer", "io/netty/util", "[")


def feature_of(frames):
    for frame in reversed(frames):
        if frame.endswith("_[k]") or "/" not in frame and not any(m in frame for _, marks in FEATURES for m in marks):
            continue  # kernel and native frames: look further up
        for feature, marks in FEATURES:
            if any(mark in frame for mark in marks):
                return feature
        if frame.startswith(NEUTRAL):
            continue
        return None  # application or framework code that belongs to no feature
    return None


def tally(name):
    counts, total = collections.Counter(), 0
    with gzip.open(name, "rt") as lines:
        for line in lines:
            stack, _, n = line.rstrip().rpartition(" ")
            n = int(n)
            total += n
            counts[feature_of(stack.split(";")) or "the flow itself"] += n
    return total, counts


def main():
    plain_total, plain = tally(sys.argv[1])
    feat_total, feat = tally(sys.argv[2])
    per_flow = 1000 / FLOWS
    print(f"Per flow: plain {plain_total * per_flow:.0f} us, features on {feat_total * per_flow:.0f} us, a difference of "
          f"{(feat_total - plain_total) * per_flow:.0f} us.\n")
    print("| charged to | features on | plain | difference |\n|---|---:|---:|---:|")
    for key in sorted(set(plain) | set(feat), key=lambda k: -(feat[k] - plain[k])):
        print(f"| {key} | {feat[key] * per_flow:.1f} | {plain[key] * per_flow:.1f} | {(feat[key] - plain[key]) * per_flow:+.1f} |")


if __name__ == "__main__":
    main()
