package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;

/**
 * BlockSums: blocks added in order, in float, from block 0's value; the provider's loop (SIMD in the SIMD
 * executions, at 16 and 8 lanes) with the scalar loop's bits on ragged ranges.
 */
class BlockSumsTest {

  @Test
  void blocksAreAddedInOrderFromTheFirstBlocksValue() {
    // Element 1 gets 1e8, then 1, then −1e8: in block order the 1 is lost (1e8 + 1 rounds to 1e8), so it ends
    // on 0, where another order would end on 1. Element 2 is −0 in every block: the total is −0 (0 + −0 would
    // be +0). Element 0 is 1, 2, 3: 6. Element 3 is outside the range and keeps its 9.
    float[] partial = {1f, 1e8f, -0f, 5f, 2f, 1f, -0f, 5f, 3f, -1e8f, -0f, 5f};
    float[] total = {0f, 0f, 0f, 9f};
    BlockSums.scalar(partial, 3, 4, 0, 3, total);
    assertThat(total[0]).isEqualTo(6f);
    assertThat(total[1]).isEqualTo(0f);
    assertThat(Float.floatToRawIntBits(total[2])).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(total[3]).isEqualTo(9f);
    float[] one = new float[4];
    BlockSums.scalar(partial, 1, 4, 0, 4, one);
    assertThat(one).containsExactly(1f, 1e8f, -0f, 5f);
  }

  @Test
  void theProviderGivesTheScalarBits() {
    Rng rng = new Rng(9);
    VectorizationProvider provider = VectorizationProvider.get();
    int w = Math.max(1, provider.lanes());
    for (int size : new int[] {1, Math.max(1, w - 1), 4 * w, 5 * w + 3, 2400, 450}) {
      for (int blocks : new int[] {1, 2, 3, 16}) {
        float[] partial = new float[blocks * size];
        for (int i = 0; i < partial.length; i++) {
          partial[i] = (float) (rng.nextGaussian() * Math.pow(10, i % 13 - 6));
        }
        partial[size / 2] = -0f;
        if (blocks > 1) {
          partial[size + size / 2] = -0f;
          partial[size - 1] = Float.NaN;
          partial[0] = Float.POSITIVE_INFINITY;
        }
        for (int[] range : new int[][] {{0, size}, {size / 3, size}, {1 % size, Math.max(1, size - 1)}}) {
          float[] want = new float[size];
          float[] got = new float[size];
          java.util.Arrays.fill(want, 42f);
          java.util.Arrays.fill(got, 42f);
          BlockSums.scalar(partial, blocks, size, range[0], range[1], want);
          provider.sumBlocks(partial, blocks, size, range[0], range[1], got);
          for (int i = 0; i < size; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("%s: %d blocks of %d, %d..%d, at %d", provider.name(),
                blocks, size, range[0], range[1], i).isEqualTo(Float.floatToRawIntBits(want[i]));
          }
        }
      }
    }
  }
}
