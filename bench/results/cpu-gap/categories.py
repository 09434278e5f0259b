#!/usr/bin/env python3
"""Where the gateway's CPU per flow goes beside the floor's, from the two async-profiler CPU profiles in this folder.

Usage: python3 categories.py [flows]   (flows: flows served during each 60 s profile; 500 flows/s x 60 s by default)

Each sample is charged to one owner: the kernel when it is in a system call or kernel code; otherwise the innermost
frame outside java/, jdk/ and sun/ (so a HashMap look-up made by Netty counts as Netty), grouped by its first three
package segments. Then the kernel's write(2) time is split by who wrote (HTTP client, HTTP server, Redis, log).
Prints Markdown tables in microseconds per flow; the profiles carry the profiler's own overhead (see README.md).
"""
import collections
import gzip
import sys

FLOWS = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000


def stacks(name):
    with gzip.open(name, "rt") as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            yield stack.split(";"), int(count)


def owner(frames):
    if frames[-1].endswith("_[k]") or "entry_SYSCALL_64_after_hwframe_[k]" in frames:
        return "kernel"
    java = [f for f in frames if "/" in f]
    if not java:
        return "JVM native (GC, JIT, runtime)"
    own = [f for f in reversed(java) if not f.startswith(("java/", "jdk/", "sun/"))]
    frame = own[0] if own else java[-1]
    if "_ClientProxy" in frame:
        return "ArC client proxies"
    parts = frame.split("/")
    return "/".join(parts[:3]) if parts[0] in ("io", "org", "com") else "/".join(parts[:2])


def writer(frames):
    for frame in reversed(frames[: frames.index("ksys_write_[k]")]):
        if "Http1xClientConnection" in frame:
            return "HTTP client (requests upstream)"
        if "Http1xServerResponse" in frame or "Http1xServerConnection" in frame:
            return "HTTP server (answers)"
        if "io/vertx/redis" in frame:
            return "Redis"
        if "logmanager" in frame or "PrintStream" in frame:
            return "log lines"
        if "endReadAndFlush" in frame:
            return "flush after a read"
    return "other"


def tally(name):
    owners, writes, total = collections.Counter(), collections.Counter(), 0
    for frames, count in stacks(name):
        total += count
        owners[owner(frames)] += count
        if "ksys_write_[k]" in frames:
            writes[writer(frames)] += count
    return total, owners, writes


def table(title, gateway, floor, rows=None):
    print(f"| {title} | gateway | floor | difference |\n|---|---:|---:|---:|")
    keys = sorted(set(gateway) | set(floor), key=lambda k: -(gateway[k] - floor[k]))
    for key in keys[:rows] if rows else keys:
        g, f = gateway[key] * 1000 / FLOWS, floor[key] * 1000 / FLOWS
        print(f"| {key} | {g:.1f} | {f:.1f} | {g - f:+.1f} |")
    print()


def main():
    g_total, g_owners, g_writes = tally("gateway-cpu.collapsed.gz")
    f_total, f_owners, f_writes = tally("floor-cpu.collapsed.gz")
    per_flow = 1000 / FLOWS
    only = sum(v for k, v in g_owners.items() if not f_owners[k]) * per_flow
    common = sum(g_owners[k] - f_owners[k] for k in g_owners if f_owners[k]) * per_flow
    print(f"Samples at 1 ms: gateway {g_total}, floor {f_total}; per flow {g_total * per_flow:.0f} and "
          f"{f_total * per_flow:.0f} us, a difference of {(g_total - f_total) * per_flow:.0f} us: {only:.0f} us in owners "
          f"only the gateway has, {common:+.0f} us in owners both have.\n")
    table("owner (us per flow)", g_owners, f_owners, 30)
    table("write(2) by writer (us per flow)", g_writes, f_writes)


if __name__ == "__main__":
    main()
