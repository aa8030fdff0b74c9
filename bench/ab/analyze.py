#!/usr/bin/env python3
"""Markdown tables from bench/ab/run.sh's log: medians per side, after/before ratios, every round."""
import collections
import json
import re
import statistics
import sys

if len(sys.argv) != 2:
    sys.exit("usage: bench/ab/analyze.py ab.log")
txt = open(sys.argv[1]).read()
new = 'after'
blocks=re.split(r'^== ',txt,flags=re.M)[1:]
sg=collections.defaultdict(list); st=collections.defaultdict(list)
for b in blocks:
    head=b.split('\n')[0]
    if head.startswith('sgemm'):
        j=head.split()[1]
        for m in re.finditer(r'^(\S+)\s+([\d.]+) GFLOPS',b,re.M): sg[(m.group(1),j)].append(float(m.group(2)))
    else:
        _,j,_,bs,_,r=head.split()
        for m in re.finditer(r'"phases_us":(\{.*?\})',b):
            st[(bs,j)].append(json.loads(m.group(1)))
print("| shape (one thread) | before | after | after / before | before, each round | after, each round |")
print("|---|---:|---:|---:|---|---|")
for shape in ['tn:512x784x256','tn:512x512x256','nt:256x512x784','nn:256x784x512','nn:1024x1024x1024']:
    a=statistics.median(sg[(shape,'before')]); b=statistics.median(sg[(shape,new)])
    print(f"| `{shape}` | {a:.1f} | {b:.1f} | {b/a:.3f} | {', '.join(map(str,sg[(shape,'before')]))} | {', '.join(map(str,sg[(shape,new)]))} |")
print()
print("| batch, threads | phase | before µs | after µs | before / after | before, each round | after, each round |")
print("|---|---|---:|---:|---:|---|---|")
for bs in ['64','256']:
  for t in [0,1]:
    for ph in ['step','forward linear1','forward linear2','backward','of which linear products (replayed)','of which the rest','zeroGrad','optimizer step']:
        A=[d[ph][t] for d in st[(bs,'before')]]; B=[d[ph][t] for d in st[(bs,new)]]
        a=statistics.median(A); b=statistics.median(B)
        print(f"| {bs}, t{t+1} | {ph} | {a:.1f} | {b:.1f} | {a/b:.3f} | {', '.join(map(str,A))} | {', '.join(map(str,B))} |")
