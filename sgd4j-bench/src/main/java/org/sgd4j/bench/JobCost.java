package org.sgd4j.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import org.sgd4j.tensor.kernel.Parallel;

/**
 * What one job on the kernel pool costs beyond its parts' work, at each thread count: {@code Parallel.run}
 * over T parts that each spin for {@code --part-ns} and write one cache line of their own, back to back as a
 * training step's kernels call it (the workers still spinning from the last job), less that one part's
 * time, which is what the job would take if its T parts ran side by side at no cost. What is left is the
 * signal to the T − 1 workers, their claims, the caller's wait for the last of them, and any part that ran
 * after another on one thread because its owner started late: what {@link ScalingModel} does not see.
 * Between cores that share no last-level cache, and with more threads, each of those is a cache line
 * crossing. (Parts shorter than a signal would all run on the caller, which takes a block no worker has
 * begun: then the job costs little and shows nothing.)
 *
 * <p>Prints, per thread count, the median and 10th percentile over blocks of jobs of the ns per job beyond
 * one part, then one JSON line. Give the median at the thread count of interest to
 * {@code ScalingModel --job-ns} to add it to every modelled job.
 *
 * <p>Usage: {@code JobCost [--threads 1,2,4,8,16] [--part-ns 2000] [--jobs 1000] [--blocks 30]}.
 */
public final class JobCost {
  private JobCost() {}

  public static void main(String[] args) {
    BenchArgs opts = new BenchArgs(args, Set.of("--threads", "--part-ns", "--jobs", "--blocks"));
    long partNs = opts.integer("--part-ns", 2000);
    int[] threads = Arrays.stream(opts.string("--threads", "1,2,4,8,16").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int jobs = opts.integer("--jobs", 1000);
    int blocks = opts.integer("--blocks", 30);
    // Each part's own line: 16 longs apart.
    AtomicLongArray lines = new AtomicLongArray(16 * 64);
    double[] median = new double[threads.length];
    double[] p10 = new double[threads.length];
    for (int ti = 0; ti < threads.length; ti++) {
      int t = threads[ti];
      Parallel.setThreads(t);
      for (int w = 0; w < 10 * jobs; w++) {
        int v = w;
        Parallel.run(t, i -> part(lines, i, v, partNs));
      }
      long[] perJob = new long[blocks];
      for (int b = 0; b < blocks; b++) {
        long t0 = System.nanoTime();
        for (int j = 0; j < jobs; j++) {
          int v = j;
          Parallel.run(t, i -> part(lines, i, v, partNs));
        }
        perJob[b] = (System.nanoTime() - t0) / jobs - partNs;
      }
      Arrays.sort(perJob);
      median[ti] = perJob[(blocks - 1) / 2];
      p10[ti] = perJob[(blocks - 1) / 10];
      System.out.printf(Locale.ROOT, "%2d threads: %8.0f ns a job beyond one part (median of %d blocks of %d), "
          + "10th percentile %8.0f%n", t, median[ti], blocks, jobs, p10[ti]);
    }
    System.out.printf(Locale.ROOT, "{\"threads\":%s,\"part_ns\":%d,\"job_ns_median\":%s,\"job_ns_p10\":%s}%n",
        Arrays.toString(threads).replace(" ", ""), partNs, Arrays.toString(median).replace(" ", ""),
        Arrays.toString(p10).replace(" ", ""));
  }

  /** Part {@code i}: spins for {@code ns}, then writes {@code v} into its own cache line. */
  private static void part(AtomicLongArray lines, int i, long v, long ns) {
    long until = System.nanoTime() + ns;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    lines.lazySet(16 * (i % 64), v);
  }
}
