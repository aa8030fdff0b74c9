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
bits = {}
for block in re.split(r'^== ', open(sys.argv[1]).read(), flags=re.M)[1:]:
    head, _, body = block.partition('\n')
    kind, side, _, threads, _, _ = head.split()
    for line in body.splitlines():
        if line.startswith('{'):
            if kind == 'bits':
                bits[(int(threads), side)] = json.loads(line)['loss']
            else:
                runs[(int(threads), side)].append(json.loads(line))
# The warm-up is timed, so runs take different numbers of steps and end on different losses: the loss is no
# check of the bits here (run TrainThroughput with --warmup N --warmup-seconds 0 for that).
print("| threads | before samples/s | after samples/s | after / before | before, each round | after, each round |")
print("|---:|---:|---:|---:|---|---|")
for t in sorted({t for t, _ in runs}):
    b = [r['samples_per_s'] for r in runs[(t, 'before')]]
    a = [r['samples_per_s'] for r in runs[(t, 'after')]]
    if not a or not b:
        continue
    print(f"| {t} | {statistics.median(b):.0f} | {statistics.median(a):.0f} | {statistics.median(a) / statistics.median(b):.3f} "
          f"| {', '.join(f'{x:.0f}' for x in b)} | {', '.join(f'{x:.0f}' for x in a)} |")
for t in sorted({t for t, _ in bits}):
    b, a = bits.get((t, 'before')), bits.get((t, 'after'))
    print(f"\nThe same 50 steps at {t} thread(s): loss {b!r} before, {a!r} after: "
          + ("the same to the six decimals printed." if a == b else "**different**."))
