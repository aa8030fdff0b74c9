package org.sgd4j.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.Reference.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sgd4j.nn.Reference;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** The notes' convolutions: numpy.convolve modes and filters, 2-D filtering, separable filters, padding. */
class SignalTest {
  private static final Tensor LOW_PASS = Tensor.of(0.25f, 0.5f, 0.25f);
  private static final Tensor HIGH_PASS = Tensor.of(-0.25f, 0.5f, -0.25f);

  @TestFactory
  List<DynamicTest> matchesNumpyConvolveAndScipyConvolve2d() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Reference.cases("signal.json")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> {
        Tensor a = tensor(c.get("a"));
        Tensor v = tensor(c.get("v"));
        String mode = c.get("mode").asText();
        Tensor out = c.get("kind").asText().equals("convolve") ? Signal.convolve(a, v, mode) : Signal.convolve2d(a, v, mode);
        assertClose(c.get("id").asText(), out, tensor(c.get("output")), 1e-5, 1e-5);
      }));
    }
    return tests;
  }

  @Test
  void outputLengthsAreThoseOfTheThreeModes() {
    Rng rng = new Rng(3);
    int[][] pairs = {{7, 3}, {3, 7}, {5, 5}, {10, 1}, {4, 6}};
    for (int[] p : pairs) {
      Tensor a = Tensor.randn(rng, p[0]);
      Tensor v = Tensor.randn(rng, p[1]);
      int n = p[0];
      int m = p[1];
      assertThat(Signal.convolve(a, v, "full").shape()).containsExactly(n + m - 1);
      assertThat(Signal.convolve(a, v, "same").shape()).containsExactly(Math.max(n, m));
      assertThat(Signal.convolve(a, v, "valid").shape()).containsExactly(Math.max(n, m) - Math.min(n, m) + 1);
    }
  }

  @Test
  void highPassMapsConstantAndLinearSequencesToZeroAwayFromTheBorders() {
    Tensor constant = Tensor.full(7f, 9);
    Tensor linear = Tensor.arange(9).mul(3f).add(2f);
    for (Tensor x : new Tensor[] {constant, linear}) {
      Tensor full = Signal.convolve(x, HIGH_PASS, "full");
      float[] f = full.toArray();
      for (int k = 2; k < f.length - 2; k++) {
        assertThat(f[k]).as("interior output %d", k).isEqualTo(0f);
      }
      assertThat(f[0]).isNotEqualTo(0f);
      assertThat(Signal.convolve(x, HIGH_PASS, "valid").toArray()).containsOnly(0f);
    }
  }

  @Test
  void lowPassKeepsConstantsAndSmoothsAnAlternatingSequenceAway() {
    assertThat(Signal.convolve(Tensor.full(4f, 8), LOW_PASS, "valid").toArray()).containsOnly(4f);
    float[] alternating = new float[8];
    for (int i = 0; i < 8; i++) {
      alternating[i] = i % 2 == 0 ? 1f : -1f;
    }
    // The highest frequency is removed entirely: 1/4 - 1/2 + 1/4 = 0.
    assertThat(Signal.convolve(Tensor.of(alternating), LOW_PASS, "valid").toArray()).containsOnly(0f);
    // The high-pass keeps it, doubled in magnitude.
    assertThat(Signal.convolve(Tensor.of(alternating), HIGH_PASS, "valid").toArray()).containsOnly(-1f, 1f);
  }

  @Test
  void movingAverageOfWidthTenInModeSame() {
    Tensor avg = Tensor.full(0.1f, 10);
    Tensor x = Tensor.full(5f, 30);
    Tensor y = Signal.convolve(x, avg, "same");
    assertThat(y.shape()).containsExactly(30);
    float[] v = y.toArray();
    for (int i = 5; i < 26; i++) {
      assertThat(v[i]).isCloseTo(5f, org.assertj.core.data.Offset.offset(1e-5f));
    }
    // The borders see zeros: the first output sees 5 real values and the last 6 (numpy centres an even width one step left).
    assertThat(v[0]).isCloseTo(2.5f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(v[29]).isCloseTo(3.0f, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void separableLowPassIsTheNotesThreeByThreeFilter() {
    Tensor lp2 = Signal.separable(LOW_PASS, LOW_PASS);
    assertThat(lp2.shape()).containsExactly(3, 3);
    assertThat(lp2.toArray()).containsExactly(
        1 / 16f, 1 / 8f, 1 / 16f,
        1 / 8f, 1 / 4f, 1 / 8f,
        1 / 16f, 1 / 8f, 1 / 16f);
    Tensor image = Tensor.randn(new Rng(11), 8, 9);
    Tensor direct = Signal.convolve2d(image, lp2, "same");
    Tensor columnsThenRows = Signal.convolve2d(Signal.convolve2d(image, LOW_PASS.reshape(3, 1), "same"), LOW_PASS.reshape(1, 3), "same");
    assertClose("separable", columnsThenRows, direct, 1e-6, 1e-6);
  }

  @Test
  void zeroAndReflectionPaddingOfTheNotesExample() {
    Tensor x = Tensor.of(new float[][] {{3, 5, 1}, {3, 6, 1}, {4, 7, 9}});
    assertThat(Padding.pad2d(x, 1, 1, 1, 1, PaddingMode.ZEROS).toArray()).containsExactly(
        0, 0, 0, 0, 0,
        0, 3, 5, 1, 0,
        0, 3, 6, 1, 0,
        0, 4, 7, 9, 0,
        0, 0, 0, 0, 0);
    assertThat(Padding.pad2d(x, 1, 1, 1, 1, PaddingMode.REFLECT).toArray()).containsExactly(
        6, 3, 6, 1, 6,
        5, 3, 5, 1, 5,
        6, 3, 6, 1, 6,
        7, 4, 7, 9, 7,
        6, 3, 6, 1, 6);
    assertThat(Padding.pad2d(x, 1, 1, 1, 1, PaddingMode.REPLICATE).toArray()).containsExactly(
        3, 3, 5, 1, 1,
        3, 3, 5, 1, 1,
        3, 3, 6, 1, 1,
        4, 4, 7, 9, 9,
        4, 4, 7, 9, 9);
    assertThat(Padding.pad2d(x, 1, 1, 1, 1, PaddingMode.CIRCULAR).toArray()).containsExactly(
        9, 4, 7, 9, 4,
        1, 3, 5, 1, 3,
        1, 3, 6, 1, 3,
        9, 4, 7, 9, 4,
        1, 3, 5, 1, 3);
    // Low-pass filtering the reflected image keeps the size and the overall level better than zero padding at the corner.
    Tensor lp2 = Signal.separable(LOW_PASS, LOW_PASS);
    Tensor reflected = Signal.convolve2d(Padding.pad2d(x, 1, 1, 1, 1, PaddingMode.REFLECT), lp2, "valid");
    Tensor zeroPadded = Signal.convolve2d(x, lp2, "same");
    assertThat(reflected.shape()).containsExactly(3, 3);
    // Centre: both see the whole image: (3+2·5+1 + 2·3+4·6+2·1 + 4+2·7+9)/16 = 73/16.
    assertThat(reflected.get(1, 1)).isEqualTo(73 / 16f);
    assertThat(zeroPadded.get(1, 1)).isEqualTo(73 / 16f);
    // Corner (0,0): zero padding sees (4·3 + 2·5 + 2·3 + 6)/16 = 34/16; reflection sees 3x3 [[6,3,6],[5,3,5],[6,3,6]] = 71/16.
    assertThat(zeroPadded.get(0, 0)).isEqualTo(34 / 16f);
    assertThat(reflected.get(0, 0)).isEqualTo((6 + 2 * 3 + 6 + 2 * 5 + 4 * 3 + 2 * 5 + 6 + 2 * 3 + 6) / 16f);
  }

  @Test
  void paddingRejectsReflectionWiderThanTheInput() {
    Tensor x = Tensor.zeros(3, 3);
    assertThatThrownBy(() -> Padding.pad2d(x, 3, 0, 0, 0, PaddingMode.REFLECT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reflect").hasMessageContaining("3x3");
    assertThatThrownBy(() -> Signal.convolve(Tensor.zeros(2, 2), LOW_PASS, "full"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> Signal.convolve(Tensor.zeros(4), LOW_PASS, "middle"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("middle");
  }
}
