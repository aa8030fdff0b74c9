package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * The sixteen running sums of a convolution's bias gradient: the scalar loop adds each block to the lanes in
 * order, and this JVM's provider (16 or 8 lanes per vector in the SIMD executions) gives its bits on data whose
 * sums depend on the order of the adds.
 */
class LaneSumsTest {

  @Test
  void eachLaneAddsItsElementsBlockByBlockInOrder() {
    // Lane 3 gets 1e8, then 1, then -1e8: in that order the 1 is lost (1e8 + 1 rounds to 1e8), so the lane ends on 0,
    // where any other order of the three would end on 1. The other lanes get j, 2j and 3j on top of a start of j.
    float[] x = new float[2 + 3 * 16];
    for (int b = 0; b < 3; b++) {
      for (int j = 0; j < 16; j++) {
        x[2 + 16 * b + j] = j == 3 ? new float[] {1e8f, 1f, -1e8f}[b] : (b + 1) * j;
      }
    }
    float[] lanes = new float[16];
    for (int j = 0; j < 16; j++) {
      lanes[j] = j == 3 ? 0f : j;
    }
    LaneSums.scalar(x, 2, 3, lanes);
    for (int j = 0; j < 16; j++) {
      assertThat(lanes[j]).as("lane %d", j).isEqualTo(j == 3 ? 0f : 7f * j);
    }
  }

  @Test
  void theProviderGivesTheScalarBits() {
    Rng rng = new Rng(5);
    VectorizationProvider provider = VectorizationProvider.get();
    for (int blocks = 0; blocks <= 9; blocks++) {
      for (int from = 0; from <= 5; from++) {
        float[] x = new float[from + 16 * blocks + 3];
        for (int i = 0; i < x.length; i++) {
          double scale = i % 7 == 0 ? 1e7 : i % 5 == 0 ? 1e-7 : 1;
          x[i] = (float) (rng.nextGaussian() * scale);
        }
        float[] expected = new float[16];
        for (int j = 0; j < 16; j++) {
          expected[j] = (float) rng.nextGaussian();
        }
        float[] actual = expected.clone();
        LaneSums.scalar(x, from, blocks, expected);
        provider.addLanes(x, from, blocks, actual);
        for (int j = 0; j < 16; j++) {
          assertThat(Float.floatToRawIntBits(actual[j])).as("%s, %d blocks from %d, lane %d", provider.name(), blocks,
              from, j).isEqualTo(Float.floatToRawIntBits(expected[j]));
        }
      }
    }
  }
}
