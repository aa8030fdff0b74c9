package org.sgd4j.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far apart the cores under two threads of this process are: the time for one cache line to go from
 * one thread to the other and back, the mean of many exchanges through one {@link AtomicInteger} that the
 * two threads take turns to advance. Cores that share a last-level cache exchange a line in tens of
 * nanoseconds; cores that do not (another of AMD's chiplets, another socket) take several times as long.
 * Every kernel call on more than one thread hands data between cores, so a two-thread training step on a
 * pair of distant cores runs markedly slower, and a VM whose host moves its vCPUs between such pairs
 * switches between two speeds (bench/results/2026-12-05-part-affinity.md). {@code bench/compare-pytorch}
 * records this figure around each run on more than one thread, so that a table says which it measured.
 *
 * <p>Usage: {@code CoreRoundTrip [--exchanges 100000]}. Prints one JSON line: {@code round_trip_ns}.
 */
public final class CoreRoundTrip {
  private CoreRoundTrip() {}

  public static void main(String[] args) throws InterruptedException {
    BenchArgs opts = new BenchArgs(args, java.util.Set.of("--exchanges"));
    int exchanges = opts.integer("--exchanges", 100_000);
    if (exchanges < 1) {
      throw new IllegalArgumentException("--exchanges must be at least 1, got " + exchanges);
    }
    roundTripNanos(exchanges / 10);
    System.out.printf(Locale.ROOT, "{\"round_trip_ns\":%.1f,\"exchanges\":%d}%n", roundTripNanos(exchanges),
        exchanges);
  }

  /**
   * The mean time, in nanoseconds, of {@code exchanges} round trips of one cache line between the calling
   * thread and a second thread started for the measurement.
   */
  public static double roundTripNanos(int exchanges) throws InterruptedException {
    AtomicInteger turn = new AtomicInteger();
    Thread other = new Thread(() -> {
      for (int i = 0; i < exchanges; i++) {
        while (turn.get() != 2 * i + 1) {
          Thread.onSpinWait();
        }
        turn.set(2 * i + 2);
      }
    }, "round-trip");
    other.setDaemon(true);
    other.start();
    long t0 = System.nanoTime();
    for (int i = 0; i < exchanges; i++) {
      turn.set(2 * i + 1);
      while (turn.get() != 2 * i + 2) {
        Thread.onSpinWait();
      }
    }
    long elapsed = System.nanoTime() - t0;
    other.join();
    return elapsed / (double) exchanges;
  }
}
