package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probe's warm-up sees through the JIT's tiers. Stand-in kernels burn a fixed amount of arithmetic
 * per product (so CPU time, which the probe reads, is proportional to it), slower for their first
 * products and faster from a given product on, as a kernel is until C2 has compiled it; the probe must
 * time each at its final speed. The margins are factors of two and more, far above timing noise.
 */
class GemmProbeTest {
  /** Work units per product at the stand-ins' "compiled" speed. */
  private static final int UNIT = 20_000;
  private static volatile double sink;

  /** A kernel that costs {@code before} units per product for its first {@code switchAt} products, then {@code after}. */
  private static final class StandIn implements Kernels {
    private final int switchAt;
    private final int before;
    private final int after;
    private int calls;

    StandIn(int switchAt, int before, int after) {
      this.switchAt = switchAt;
      this.before = before;
      this.after = after;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
      int units = calls++ < switchAt ? before : after;
      double x = calls;
      for (int i = 0; i < units; i++) {
        x = x * 1.0000001 + 1e-9;
      }
      sink = x;
    }

    @Override
    public String name() {
      return "stand-in";
    }

    @Override
    public String tile() {
      return "1x1";
    }
  }

  private static Map<String, Double> probe(Map<String, Kernels> candidates, GemmProbe.WarmUp warmUp) {
    return GemmProbe.measure(candidates, 4, 4, 4, warmUp);
  }

  /**
   * Both start on a plateau, three times slower, for 40 products, and "late" then runs twice as fast as
   * "steady": without a floor on the number of products, both plateaus look settled after three.
   */
  @Test
  void aPlateauEveryCandidateSharesIsNotTakenForTheirSpeed() {
    Map<String, Kernels> candidates = new LinkedHashMap<>();
    candidates.put("steady", new StandIn(40, 3 * UNIT, UNIT));
    candidates.put("late", new StandIn(40, 3 * UNIT, UNIT / 2));
    Map<String, Double> speeds = probe(candidates, new GemmProbe.WarmUp(60, 1_000_000_000L, 20_000_000_000L));
    assertThat(speeds.get("late")).isGreaterThan(1.5 * speeds.get("steady"));
  }

  /**
   * "late" sits on a plateau three times slower than "steady" for 60 products, then runs twice as fast:
   * it has not warmed up while it is under half the fastest candidate's speed.
   */
  @Test
  void aCandidateFarBehindTheFastestKeepsWarmingUp() {
    Map<String, Kernels> candidates = new LinkedHashMap<>();
    candidates.put("steady", new StandIn(0, UNIT, UNIT));
    candidates.put("late", new StandIn(60, 3 * UNIT, UNIT / 2));
    Map<String, Double> speeds = probe(candidates, new GemmProbe.WarmUp(5, 1_000_000_000L, 20_000_000_000L));
    assertThat(speeds.get("late")).isGreaterThan(1.5 * speeds.get("steady"));
  }

  /** A candidate that stays three times slower ends the warm-up after its settling time, not at the limit. */
  @Test
  void aCandidateThatIsSlowWhenCompiledDoesNotHoldTheWarmUpToItsLimit() {
    Map<String, Kernels> candidates = new LinkedHashMap<>();
    candidates.put("fast", new StandIn(0, UNIT, UNIT));
    candidates.put("slow", new StandIn(0, 3 * UNIT, 3 * UNIT));
    float[] x = new float[16];
    try (Parallel.Limit limit = Parallel.limitThisThread(1)) {
      // Settling after 20 ms of CPU takes a few hundred turns of about 80 µs; the limit, 20 s, would be
      // about 250,000.
      int rounds = GemmProbe.warmUp(candidates, 4, 4, 4, x, x, x, new GemmProbe.WarmUp(5, 20_000_000L, 20_000_000_000L));
      assertThat(rounds).isGreaterThanOrEqualTo(5).isLessThan(25_000);
    }
    Map<String, Double> speeds = probe(candidates, new GemmProbe.WarmUp(5, 20_000_000L, 20_000_000_000L));
    assertThat(speeds.get("fast")).isGreaterThan(2 * speeds.get("slow"));
  }
}
