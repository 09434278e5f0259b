#!/usr/bin/env python3
"""Young collections of SerialGC logs (-Xlog:gc*) after the first 150 s (the warm-up): rate, pause median/p99/max, share of the time.
Usage: python3 gc-pauses.py <gc log or .gz> ..."""
import gzip,re,sys
for f in sys.argv[1:]:
    p=[];t0=None
    for l in (gzip.open(f,'rt') if f.endswith('.gz') else open(f)):
        m=re.match(r'\[(\d+\.\d+)s\].*Pause Young.* (\d+\.\d+)ms$',l)
        if m and float(m.group(1))>150: p.append(float(m.group(2))); t0=t0 or float(m.group(1)); t1=float(m.group(1))
    p.sort(); n=len(p)
    if not n: print(f,'none'); continue
    span=t1-t0
    print(f"{f}: {n} young collections after 150 s in {span:.0f} s = {n/span:.2f}/s, pause median {p[n//2]:.2f} ms, p99 {p[int(n*.99)]:.2f}, max {p[-1]:.2f}, {100*sum(p)/1000/span:.2f} % of the time")
