#!/bin/bash
# Interleaved before/after of two benchmark jars on the layers' products and a training step:
#   bench/ab/run.sh BEFORE.jar AFTER.jar > ab.log; bench/ab/analyze.py ab.log > tables.md
# SgemmCpuTime on the MLP's product shapes (5 JVMs per jar), then StepProfile at batch 64 and 256 on 1 and
# 2 threads (3 JVMs per jar), alternating jars so that a change of the machine's state hits both.
set -euo pipefail
if [ $# -ne 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
  echo "usage: bench/ab/run.sh BEFORE.jar AFTER.jar  (both must exist)" >&2
  exit 2
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
J=("$JAVA" --add-modules jdk.incubator.vector -Xmx2g)
for i in 1 2 3 4 5; do
  for side in before after; do
    jar=$([ $side = before ] && echo "$1" || echo "$2")
    echo "== sgemm $side round $i"
    "${J[@]}" -cp "$jar" org.sgd4j.bench.SgemmCpuTime \
      tn:512x784x256,tn:512x512x256,nt:256x512x784,nn:256x784x512,nn:1024x1024x1024 2>&1 | grep GFLOPS
  done
done
for i in 1 2 3; do
  for side in before after; do
    jar=$([ $side = before ] && echo "$1" || echo "$2")
    for b in 64 256; do
      echo "== step $side batch $b round $i"
      "${J[@]}" -cp "$jar" org.sgd4j.bench.StepProfile --batch $b --steps 60 --rounds 5 --warmup-seconds 3 \
        --threads 1,2 2>&1 | grep -A18 '^10th'
    done
  done
done
