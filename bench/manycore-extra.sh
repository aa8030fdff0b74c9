#!/bin/bash
# Extra cases for a many-core run, beside ../shared/tools/manycore/scale.sh: where a 16-thread step loses
# its time, and how far apart the cores are. After ../shared/tools/manycore-prepare:
#   cp bench/manycore-extra.sh .manycore/ && echo 'bash ./manycore-extra.sh' >> .manycore/scale.sh
# (scale.sh cds into .manycore/, so the line runs there). Prints text and JSON lines; about 2 minutes.
cd "$(dirname "$0")"
J="./jre/bin/java --add-modules jdk.incubator.vector -Xmx8g -cp benchmarks.jar"
echo "== core-to-core round trip (CoreRoundTrip) for pairs of CPUs"
n=$(nproc)
for other in 1 $((n / 4)) $((n / 2)) $((n - 1)); do
  [ "$other" -ge 1 ] && [ "$other" -lt "$n" ] || continue
  echo -n "cpus 0,$other: "; taskset -c 0,$other $J org.sgd4j.bench.CoreRoundTrip 2>/dev/null
done
echo "== step phases at 1-16 threads (StepProfile), mlp sgd"
for bs in 64 256; do
  $J org.sgd4j.bench.StepProfile --batch $bs --threads 1,2,4,8,16 --rounds 3 --steps 60 --warmup-seconds 3 2>/dev/null \
    | grep -A16 "^10th percentiles"
done
echo "== data-parallel against one model, phases (DataParallelProfile), mlp bs64 per worker"
$J org.sgd4j.bench.DataParallelProfile --configs 1x16,2x8,4x4,8x2,16x1 --rounds 3 --steps 40 --warmup-seconds 3 2>/dev/null
echo "== sgemm 2048 per tile at 1 and 16 threads"
for tile in 4x4 8x2 4x3; do for t in 1 16; do
  echo -n "tile $tile: "; $J -Dsgd4j.gemm.tile=$tile org.sgd4j.bench.SgemmThroughput --n 2048 --threads $t --rounds 8 2>/dev/null
done; done
echo "== extra done"
