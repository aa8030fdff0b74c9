package org.sgd4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.kernel.Parallel;
import org.sgd4j.train.Backward;

/**
 * How far a training step's partitions let it scale to {@code T} threads, measured on one core: the step
 * of {@link TrainThroughput} (same models and optimizers) run with the kernels cutting their work for
 * {@code T} threads, while {@link Parallel#record} has every job's parts run one after another on the
 * calling thread, each timed. A job's time on {@code T} threads is then modelled as the pool runs it on a
 * quiet machine ({@code SpinPool}'s static blocks: thread t runs parts {@code [P·t/T', P·(t+1)/T')}, with
 * {@code T' = min(P, T)}), the longest block; the step's, as its serial code (everything outside those
 * jobs, timed as it ran) plus those spans:
 *
 * <pre>  modelled(T) = wall − Σ parts' times + Σ_jobs (max_t Σ_{i ∈ block t} part_i + c)</pre>
 *
 * <p>with {@code c} what a job costs beyond its parts on T threads, 0 unless given ({@code --job-ns}, one value or
 * one per thread count: what {@link JobCost} measures on the machine of interest).
 *
 * <p>This is an upper bound on the speed-up: it leaves out what the threads cost each other (data that
 * crosses between cores, a job's start and end, memory bandwidth, parts that steal) and it times each part
 * on a core whose caches hold what the previous part wrote. What it does show, on any machine, two cores
 * included, is what the partitions themselves allow: a job of fewer parts than threads, blocks of unequal
 * parts, and the serial code between the jobs (Amdahl's s: the Karp–Flatt serial fraction of the modelled
 * speed-up is printed per thread count). It prints, for the largest thread count, the jobs by where they
 * are called, ordered by the time they lose against a perfect split ({@code span − one-thread time / T}),
 * then one JSON line.
 *
 * <p>The one-thread step is warmed up for {@code --warmup-seconds}, each thread count's partition for a third of
 * that; then {@code --rounds} rounds of {@code --steps} steps at one thread (run, not modelled) and at each count in
 * turn, so that all see the same noise; the figures are medians over all rounds. The jobs' call sites are
 * collected in a block of steps of their own at the last count, each round, whose times are not used.
 *
 * <p>Usage: {@code ScalingModel [--model mlp] [--optim sgd] [--batch 64] [--threads 2,4,8,16] [--steps 40]
 * [--rounds 3] [--warmup-seconds 3] [--top 12] [--job-ns 0]}.
 */
public final class ScalingModel {
  private ScalingModel() {}

  /** The phases of a step whose serial time is printed apart. */
  private static final String[] PHASES = {"forward", "loss", "backward", "optimizer", "loss.item"};

  /** Where a job is called from, and what its calls cost, summed over the measured steps. */
  private static final class Site {
    long calls;
    long parts;
    long oneThreadNanos;
    long spanNanos;
  }

  /** Collects the jobs of one step; {@link #sites} accumulates over the steps while {@code measuring}. */
  private static final class Jobs implements Parallel.Recorder {
    final Map<String, Site> sites = new HashMap<>();
    /** What each job costs beyond its parts at the current thread count, added to its span ({@code --job-ns}). */
    long jobNanos;
    boolean measuring;
    long inline;
    long span;
    long overhead;
    /** inline + overhead at the last phase boundary. */
    long seen;
    int jobs;
    int parts;

    void reset() {
      inline = 0;
      span = 0;
      overhead = 0;
      seen = 0;
      jobs = 0;
      parts = 0;
    }

    @Override
    public void job(int threads, long[] partNanos) {
      long t0 = System.nanoTime();
      long sum = 0;
      for (long n : partNanos) {
        sum += n;
      }
      long s = span(threads, partNanos) + jobNanos;
      inline += sum;
      span += s;
      jobs++;
      parts += partNanos.length;
      if (measuring) {
        Site site = sites.computeIfAbsent(caller(), k -> new Site());
        site.calls++;
        site.parts += partNanos.length;
        site.oneThreadNanos += sum;
        site.spanNanos += s;
      }
      overhead += System.nanoTime() - t0;
    }
  }

  /**
   * A job's time on {@code threads} threads that each run their own contiguous block of parts
   * ({@code [P·t/T, P·(t+1)/T)}, as {@code SpinPool} deals them): its longest block.
   */
  static long span(int threads, long[] partNanos) {
    int p = partNanos.length;
    long longest = 0;
    for (int t = 0; t < threads; t++) {
      long block = 0;
      for (int i = (int) ((long) p * t / threads); i < (int) ((long) p * (t + 1) / threads); i++) {
        block += partNanos[i];
      }
      longest = Math.max(longest, block);
    }
    return longest;
  }

  /**
   * Where the job was called from: the kernel method that cut it (the frame below {@code Parallel}, with its line)
   * and the first caller outside the tensor package (the layer, loss or optimizer).
   */
  private static String caller() {
    List<String> frames = StackWalker.getInstance().walk(s -> s
        .map(f -> f.getClassName().replace("org.sgd4j.", "") + "." + f.getMethodName() + ":" + f.getLineNumber())
        .filter(f -> !f.startsWith("tensor.kernel.Parallel") && !f.startsWith("bench.ScalingModel"))
        .limit(24)
        .collect(Collectors.toList()));
    // The kernel with the line of its call (one kernel may run several jobs), the caller without.
    String kernel = frames.isEmpty() ? "?" : frames.get(0);
    frames = frames.stream().map(f -> f.substring(0, f.lastIndexOf(':'))).collect(Collectors.toList());
    String outer = frames.stream().filter(f -> !f.startsWith("tensor.") && !f.contains("$")).findFirst().orElse("");
    return outer.isEmpty() || kernel.startsWith(outer + ":") ? kernel : kernel + " < " + outer;
  }

  public static void main(String[] args) {
    BenchArgs opts = new BenchArgs(args, Set.of("--model", "--optim", "--batch", "--threads", "--steps",
        "--rounds", "--warmup-seconds", "--top", "--job-ns"));
    String model = opts.string("--model", "mlp");
    String optim = opts.string("--optim", "sgd");
    int batch = opts.integer("--batch", 64);
    int[] threads = Arrays.stream(opts.string("--threads", "2,4,8,16").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int steps = opts.integer("--steps", 40);
    int rounds = opts.integer("--rounds", 3);
    double warmupSeconds = opts.real("--warmup-seconds", 3);
    int top = opts.integer("--top", 12);
    long[] jobNanos = Arrays.stream(opts.string("--job-ns", "0").split(",")).mapToLong(Long::parseLong).toArray();
    if (jobNanos.length != 1 && jobNanos.length != threads.length) {
      throw new IllegalArgumentException("--job-ns takes one value or one per thread count of --threads ("
          + threads.length + "), got " + jobNanos.length);
    }
    if (jobNanos.length == 1) {
      long each = jobNanos[0];
      jobNanos = new long[threads.length];
      Arrays.fill(jobNanos, each);
    }
    Rng rng = new Rng(1);
    BenchModel bm = BenchModel.of(model, batch, rng);
    Module net = bm.net();
    Optimizer<?> opt = bm.optimizer(optim, net.parameters());
    BenchModel.Batches data = bm.randomBatches(16, rng);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Step step = new Step(net, opt, lossFn, data);

    Jobs jobs = new Jobs();
    int n = rounds * steps;
    long[] one = new long[n];
    long[][] spans = new long[threads.length][n];
    long[][] rest = new long[threads.length][n];
    long[][][] phases = new long[threads.length][PHASES.length][n];
    double[] jobsPerStep = new double[threads.length];
    double[] partsPerStep = new double[threads.length];
    // Warm-up: one thread, then each thread count's partition (other shapes of parts, other code paths).
    Parallel.setThreads(1);
    step.warmUp(warmupSeconds);
    Parallel.record(jobs);
    try {
      for (int p : threads) {
        Parallel.setThreads(p);
        jobs.jobNanos = 0;
        step.warmUp(warmupSeconds / 3);
      }
      // Rounds of a block of steps at each count in turn, so that all see the same noise.
      for (int r = 0; r < rounds; r++) {
        Parallel.record(null);
        Parallel.setThreads(1);
        for (int s = 0; s < steps; s++) {
          one[r * steps + s] = step.run(null, null);
        }
        Parallel.record(jobs);
        for (int ti = 0; ti < threads.length; ti++) {
          Parallel.setThreads(threads[ti]);
          jobs.jobNanos = jobNanos[ti];
          for (int s = r * steps; s < (r + 1) * steps; s++) {
            jobs.reset();
            long[] phase = new long[PHASES.length];
            long wall = step.run(jobs, phase);
            for (int i = 0; i < PHASES.length; i++) {
              phases[ti][i][s] = phase[i];
            }
            rest[ti][s] = wall - jobs.inline - jobs.overhead;
            spans[ti][s] = rest[ti][s] + jobs.span;
            jobsPerStep[ti] += jobs.jobs / (double) n;
            partsPerStep[ti] += jobs.parts / (double) n;
          }
        }
        // The jobs' call sites at the last count, in steps of their own: walking the stack at every job
        // allocates, and the collections it brings would count as serial time in the steps above.
        jobs.measuring = true;
        for (int s = 0; s < steps; s++) {
          jobs.reset();
          step.run(jobs, new long[PHASES.length]);
        }
        jobs.measuring = false;
      }
    } finally {
      Parallel.record(null);
    }
    double t1 = median(one) / 1e3;
    double[] modelled = new double[threads.length];
    double[] serial = new double[threads.length];
    for (int ti = 0; ti < threads.length; ti++) {
      modelled[ti] = median(spans[ti]) / 1e3;
      serial[ti] = median(rest[ti]) / 1e3;
    }

    System.out.printf(Locale.ROOT, "%s %s batch %d: one thread %.1f µs a step (median of %d); ns a job beyond its "
        + "parts: %s%n", model, optim, batch, t1, n, Arrays.toString(jobNanos));
    System.out.printf(Locale.ROOT, "%8s %12s %9s %16s %10s %10s %11s%n", "threads", "modelled µs", "speed-up",
        "serial fraction", "serial µs", "jobs/step", "parts/step");
    double[] fraction = new double[threads.length];
    for (int ti = 0; ti < threads.length; ti++) {
      double speedUp = t1 / modelled[ti];
      int p = threads[ti];
      fraction[ti] = (1 / speedUp - 1.0 / p) / (1 - 1.0 / p);
      System.out.printf(Locale.ROOT, "%8d %12.1f %9.2f %16.3f %10.1f %10.1f %11.1f%n", p, modelled[ti], speedUp,
          fraction[ti], serial[ti], jobsPerStep[ti], partsPerStep[ti]);
    }
    System.out.printf(Locale.ROOT, "serial µs by phase (medians):%n%8s", "threads");
    for (String name : PHASES) {
      System.out.printf(Locale.ROOT, " %10s", name);
    }
    System.out.println();
    for (int ti = 0; ti < threads.length; ti++) {
      System.out.printf(Locale.ROOT, "%8d", threads[ti]);
      for (long[] v : phases[ti]) {
        System.out.printf(Locale.ROOT, " %10.1f", median(v) / 1e3);
      }
      System.out.println();
    }
    int last = threads[threads.length - 1];
    System.out.printf(Locale.ROOT, "jobs at %d threads by where they are called, per step (µs), by time lost "
        + "against a perfect split:%n", last);
    System.out.printf(Locale.ROOT, "%8s %8s %10s %10s %8s  %s%n", "calls", "parts", "1 thread", "span", "lost",
        "called from");
    List<Map.Entry<String, Site>> sites = new ArrayList<>(jobs.sites.entrySet());
    sites.sort((a, b) -> Double.compare(lost(b.getValue(), last), lost(a.getValue(), last)));
    for (Map.Entry<String, Site> e : sites.subList(0, Math.min(top, sites.size()))) {
      Site s = e.getValue();
      System.out.printf(Locale.ROOT, "%8.1f %8.1f %10.1f %10.1f %8.1f  %s%n", s.calls / (double) n,
          s.parts / (double) s.calls, s.oneThreadNanos / 1e3 / n, s.spanNanos / 1e3 / n, lost(s, last) / 1e3 / n,
          e.getKey());
    }
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"model\":\"%s\",\"optim\":\"%s\",\"batch\":%d,\"t1_us\":%.1f,\"job_ns\":%s,"
        + "\"threads\":%s,\"modelled_us\":%s,\"serial_us\":%s,\"serial_fraction\":%s}", model, optim, batch, t1,
        Arrays.toString(jobNanos).replace(" ", ""), Arrays.toString(threads).replace(" ", ""), list(modelled), list(serial), list(fraction)));
    System.out.println(json);
  }

  /** What a site loses at {@code threads} threads against its one-thread time split perfectly, summed. */
  private static double lost(Site s, int threads) {
    return s.spanNanos - s.oneThreadNanos / (double) threads;
  }

  private static String list(double[] v) {
    return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[(s.length - 1) / 2];
  }

  /** One training step on the pre-made batches in turn, as {@link TrainThroughput} runs it. */
  private static final class Step {
    private final Module net;
    private final Optimizer<?> opt;
    private final CrossEntropyLoss lossFn;
    private final BenchModel.Batches data;
    private int next;

    Step(Module net, Optimizer<?> opt, CrossEntropyLoss lossFn, BenchModel.Batches data) {
      this.net = net;
      this.opt = opt;
      this.lossFn = lossFn;
      this.data = data;
    }

    /**
     * One step; its wall time in ns. With {@code jobs} not null, {@code serial} gets each phase's time outside
     * the recorded jobs' parts (forward, loss, backward, optimizer and the rest).
     */
    long run(Jobs jobs, long[] serial) {
      int b = next++ % data.inputs().length;
      long t0 = System.nanoTime();
      Tensor out = net.forward(data.inputs()[b]);
      long t1 = mark(jobs, serial, 0, t0);
      Tensor loss = lossFn.apply(out, data.labels()[b]);
      long t2 = mark(jobs, serial, 1, t1);
      Backward.overwriting(loss, net, opt);
      long t3 = mark(jobs, serial, 2, t2);
      opt.step();
      long t4 = mark(jobs, serial, 3, t3);
      loss.item();
      mark(jobs, serial, 4, t4);
      return System.nanoTime() - t0;
    }

    /** The end of phase {@code i}, begun at {@code since}: its time outside the jobs' parts goes to serial[i]. */
    private static long mark(Jobs jobs, long[] serial, int i, long since) {
      long now = System.nanoTime();
      if (jobs != null) {
        long inJobs = jobs.inline + jobs.overhead;
        serial[i] += now - since - (inJobs - jobs.seen);
        jobs.seen = inJobs;
      }
      return now;
    }

    void warmUp(double seconds) {
      long w0 = System.nanoTime();
      while (System.nanoTime() - w0 < seconds * 1e9) {
        run(null, null);
      }
    }
  }
}
