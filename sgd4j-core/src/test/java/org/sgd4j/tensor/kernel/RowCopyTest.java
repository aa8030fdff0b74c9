package org.sgd4j.tensor.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Strided runs gathered into one block: this JVM's provider (the SIMD one where the Vector API is present)
 * against the definition, on runs shorter than, as long as and longer than a vector, apart or overlapping in
 * the source, with the source ending right after the last run (so the vector loads near its end must stop),
 * and nothing written outside the block.
 */
class RowCopyTest {

  @Test
  void copiesEveryRunAndNothingElse() {
    VectorizationProvider provider = VectorizationProvider.get();
    for (int len = 1; len <= 37; len++) {
      for (int rows = 0; rows <= 6; rows++) {
        for (int stride = Math.max(1, len - 2); stride <= len + 3; stride++) {
          int srcOff = 1 + stride % 3;
          float[] src = new float[srcOff + Math.max(0, rows - 1) * stride + len];
          for (int i = 0; i < src.length; i++) {
            src[i] = i + 1;
          }
          int dstOff = 3;
          float[] dst = new float[dstOff + rows * len + 40];
          java.util.Arrays.fill(dst, -1f);
          provider.copyRows(src, srcOff, stride, rows, len, dst, dstOff);
          for (int i = 0; i < dst.length; i++) {
            int r = (i - dstOff) / len;
            boolean inside = i >= dstOff && i < dstOff + rows * len;
            float expected = inside ? src[srcOff + r * stride + (i - dstOff) % len] : -1f;
            assertThat(dst[i]).as("%s, len %d, rows %d, stride %d, element %d", provider.name(), len, rows, stride, i)
                .isEqualTo(expected);
          }
        }
      }
    }
  }
}
