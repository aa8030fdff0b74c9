#!/bin/bash
# Interleaved before/after of two benchmark jars on whole training runs (TrainThroughput, the harness's
# Java half): the MLP at batch BATCH (default 256) on 1 and 2 threads, ROUNDS (default 5) JVMs per jar and
# thread count, alternating jars so that a change of the machine's state hits both; then one fixed run of 50
# steps per jar and thread count, whose final losses (six decimals) must agree when a change keeps the bits.
#   bench/ab/train.sh BEFORE.jar AFTER.jar [BATCH] [ROUNDS] > train.log; bench/ab/train.py train.log
set -euo pipefail
if [ $# -lt 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
  echo "usage: bench/ab/train.sh BEFORE.jar AFTER.jar [BATCH] [ROUNDS]  (both jars must exist)" >&2
  exit 2
fi
BATCH="${3:-256}"
ROUNDS="${4:-5}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
J=("$JAVA" --add-modules jdk.incubator.vector -Xmx2g)
for i in $(seq 1 "$ROUNDS"); do
  for t in 1 2; do
    for side in before after; do
      jar=$([ $side = before ] && echo "$1" || echo "$2")
      echo "== train $side threads $t round $i"
      "${J[@]}" -cp "$jar" org.sgd4j.bench.TrainThroughput --model mlp --batch "$BATCH" --threads "$t" \
        --warmup-seconds 5 --steps $((256000 / BATCH)) 2>&1 | grep '"impl"'
    done
  done
done
for t in 1 2; do
  for side in before after; do
    jar=$([ $side = before ] && echo "$1" || echo "$2")
    echo "== bits $side threads $t round 1"
    "${J[@]}" -cp "$jar" org.sgd4j.bench.TrainThroughput --model mlp --batch "$BATCH" --threads "$t" \
      --warmup 20 --warmup-seconds 0 --steps 30 2>&1 | grep '"impl"'
  done
done
