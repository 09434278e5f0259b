"""Stop-the-world pauses per 5 s of a JVM's GC log (-Xlog:gc*), and their share of a window.

python3 pauses.py <gc log> [from_s to_s]: the pauses the jcmd heap readings cause ("Heap Inspection Initiated GC")
are listed apart and left out of the share; G1's Remark and Cleanup pauses count with the full ones' column.
"""
import collections
import re
import sys

PAUSE = re.compile(r"\[(\d+\.\d+)s\].*GC\(\d+\) Pause (\w+)(?: \((.*?)\))?(?: \((.*?)\))? .*?(\d+\.\d+)ms$")
buckets = collections.defaultdict(lambda: {"young": [0, 0.0], "other": [0, 0.0], "jcmd": [0, 0.0]})
window = (float(sys.argv[2]), float(sys.argv[3])) if len(sys.argv) > 3 else None
in_window = 0.0
for line in open(sys.argv[1]):
    m = PAUSE.match(line)
    if not m:
        continue
    t, kind, ms = float(m.group(1)), m.group(2), float(m.group(5))
    causes = (m.group(3) or "") + (m.group(4) or "")
    key = "jcmd" if "Heap Inspection" in causes else ("young" if kind == "Young" else "other")
    b = buckets[int(t // 5) * 5][key]
    b[0] += 1
    b[1] += ms
    if window and window[0] <= t < window[1] and key != "jcmd":
        in_window += ms
print("uptime  young (n, ms)   full/remark/cleanup (n, ms)   jcmd readings (n, ms)   paused, jcmd excluded")
for k in sorted(buckets):
    y, o, j = buckets[k]["young"], buckets[k]["other"], buckets[k]["jcmd"]
    print(f"{k:4d} s  {y[0]:3d} {y[1]:7.0f}    {o[0]:3d} {o[1]:7.0f}                 {j[0]:3d} {j[1]:6.0f}          {100 * (y[1] + o[1]) / 5000:4.0f} %")
if window:
    print(f"window {window[0]:.0f}-{window[1]:.0f} s: {in_window:.0f} ms paused, {100 * in_window / 1000 / (window[1] - window[0]):.1f} % of the time")
