#!/bin/bash
# Extra cases for a many-core run, beside ../shared/tools/manycore/scale.sh: where a 16-thread step loses
# its time, and how far apart the cores are. After ../shared/tools/manycore-prepare:
#   cp bench/manycore-extra.sh .manycore/ && echo 'bash ./manycore-extra.sh' >> .manycore/scale.sh
# (scale.sh cds into .manycore/, so the line runs there). Prints text and JSON lines; about 3 minutes.
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
echo "== what a job on the pool costs beyond its parts (JobCost), 1-16 threads"
$J org.sgd4j.bench.JobCost --threads 1,2,4,8,16 2>/dev/null | tee jobcost.txt
# The medians at 2, 4, 8 and 16 threads, for the model below.
jc=$(grep -o '"job_ns_median":\[[^]]*' jobcost.txt | cut -d'[' -f2 | cut -d, -f2- | sed 's/\.0//g')
echo "== the same steps modelled from one thread (ScalingModel, with those job costs): set beside the phases above"
for cfg in "--model mlp --batch 64" "--model mlp --batch 256" "--model lenet --batch 64"; do
  $J org.sgd4j.bench.ScalingModel $cfg --threads 2,4,8,16 --job-ns "${jc:-0}" --rounds 2 --steps 30 \
    --warmup-seconds 2 --top 8 2>/dev/null
done
echo "== data-parallel against one model, phases (DataParallelProfile), mlp bs64 per worker"
$J org.sgd4j.bench.DataParallelProfile --configs 1x16,2x8,4x4,8x2,16x1 --rounds 3 --steps 40 --warmup-seconds 3 2>/dev/null
echo "== sgemm 2048 per tile at 1 and 16 threads"
for tile in 4x4 8x2 4x3; do for t in 1 16; do
  echo -n "tile $tile: "; $J -Dsgd4j.gemm.tile=$tile org.sgd4j.bench.SgemmThroughput --n 2048 --threads $t --rounds 8 2>/dev/null
done; done
echo "== extra done"
