#!/usr/bin/env python3
"""A Markdown table from bench/ab/train.sh's log: median samples/s per side and thread count, after/before."""
import collections
import json
import re
import statistics
import sys

if len(sys.argv) != 2:
    sys.exit("usage: bench/ab/train.py train.log")
runs = collections.defaultdict(list)
for block in re.split(r'^== ', open(sys.argv[1]).read(), flags=re.M)[1:]:
    head, _, body = block.partition('\n')
    _, side, _, threads, _, _ = head.split()
    for line in body.splitlines():
        if line.startswith('{'):
            runs[(int(threads), side)].append(json.loads(line))
print("| threads | before samples/s | after samples/s | after / before | before, each round | after, each round | loss before / after |")
print("|---:|---:|---:|---:|---|---|---|")
for t in sorted({t for t, _ in runs}):
    b = [r['samples_per_s'] for r in runs[(t, 'before')]]
    a = [r['samples_per_s'] for r in runs[(t, 'after')]]
    if not a or not b:
        continue
    losses = f"{runs[(t, 'before')][0]['loss']:.6f} / {runs[(t, 'after')][0]['loss']:.6f}"
    print(f"| {t} | {statistics.median(b):.0f} | {statistics.median(a):.0f} | {statistics.median(a) / statistics.median(b):.3f} "
          f"| {', '.join(f'{x:.0f}' for x in b)} | {', '.join(f'{x:.0f}' for x in a)} | {losses} |")
