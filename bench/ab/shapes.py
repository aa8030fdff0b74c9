#!/usr/bin/env python3
"""Medians per jar of SgemmCpuTimeThreads runs on layer shapes, interleaved jar by jar, and ratios to the first jar.

The log is a sequence of "== JAR" headers, each followed by that JVM's SgemmCpuTimeThreads lines
("shape=... threads=T wall_median=G ..."): bench/ab/shapes.py LOG [JAR ...] (the jars in column order;
default: in order of first appearance)."""
import collections
import re
import statistics
import sys

if len(sys.argv) < 2:
    sys.exit("usage: bench/ab/shapes.py LOG [JAR ...]")
runs = collections.defaultdict(list)
order = []
jar = None
for line in open(sys.argv[1]):
    if line.startswith('== '):
        jar = line.split()[1]
        if jar not in order:
            order.append(jar)
        continue
    m = re.match(r'(?:shape|n)=(\S+) threads=(\d+) wall_median=([\d.]+)', line)
    if m and jar:
        runs[(m.group(1), int(m.group(2)), jar)].append(float(m.group(3)))
jars = sys.argv[2:] or order
keys = sorted({(s, t) for s, t, _ in runs}, key=lambda x: (x[1], x[0]))
print("| shape | threads | " + " | ".join(f"{j} GFLOPS" for j in jars) + " | " + " | ".join(f"{j} / {jars[0]}" for j in jars[1:]) + " | runs |")
print("|---|---:|" + "---:|" * (2 * len(jars) - 1) + "---|")
for s, t in keys:
    med = [statistics.median(runs[(s, t, j)]) for j in jars]
    each = "; ".join(", ".join(f"{v:.0f}" for v in runs[(s, t, j)]) for j in jars)
    print(f"| `{s}` | {t} | " + " | ".join(f"{v:.1f}" for v in med) + " | "
          + " | ".join(f"{v / med[0]:.3f}" for v in med[1:]) + f" | {each} |")
