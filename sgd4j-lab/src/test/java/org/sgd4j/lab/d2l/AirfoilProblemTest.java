package org.sgd4j.lab.d2l;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.sgd4j.lab.d2l.FixedOrderReference.ROOT;
import static org.sgd4j.lab.d2l.FixedOrderReference.doubles;
import static org.sgd4j.lab.d2l.FixedOrderReference.object;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Tensor;

/** The chapter's data as reference/d2l/ch11.py prepares it, and the example orders. */
class AirfoilProblemTest {
  @Test
  void theDataAreTheScriptsStandardisedRowsBitForBit() throws IOException {
    AirfoilProblem data = FixedOrderReference.data();
    Map<String, Object> ref = object(ROOT.get("data"));
    assertThat(data.n()).isEqualTo(1500);
    assertThat(data.x().shape()).containsExactly(1500, 5);
    assertThat(data.y().shape()).containsExactly(1500, 1);
    for (Map.Entry<String, Object> row : object(ref.get("rows")).entrySet()) {
      int i = Integer.parseInt(row.getKey());
      double[] expected = doubles(row.getValue());
      for (int j = 0; j < 5; j++) {
        assertThat(data.x().get(i, j)).as("row %d column %d", i, j).isEqualTo((float) expected[j]);
      }
      assertThat(data.y().get(i, 0)).as("row %d target", i).isEqualTo((float) expected[5]);
    }
    // standardised over all 1,503 rows, so the first 1,500 have sums near 0 and sums of squares near 1,500
    double[] sums = doubles(ref.get("column_sums"));
    double[] squares = doubles(ref.get("column_sums_of_squares"));
    float[] x = data.x().toArray();
    float[] y = data.y().toArray();
    for (int j = 0; j < 6; j++) {
      double s = 0;
      double q = 0;
      for (int i = 0; i < 1500; i++) {
        double v = j < 5 ? x[i * 5 + j] : y[i];
        s += v;
        q += v * v;
      }
      assertThat(s).as("column %d sum", j).isCloseTo(sums[j], within(1e-9));
      assertThat(q).as("column %d sum of squares", j).isCloseTo(squares[j], within(1e-9));
      assertThat(Math.abs(s)).isLessThan(10);
      assertThat(q).isBetween(1470.0, 1503.0);
    }
  }

  @Test
  void aBatchGathersTheRowsOfTheOrder() {
    AirfoilProblem p = new AirfoilProblem(Tensor.arange(20).reshape(4, 5), Tensor.of(10f, 11f, 12f, 13f));
    int[] order = {3, 1, 0, 2};
    assertThat(p.x(order, 1, 2).toArray()).containsExactly(5, 6, 7, 8, 9, 0, 1, 2, 3, 4);
    assertThat(p.y(order, 0, 3).toArray()).containsExactly(13f, 11f, 10f);
    assertThat(p.y(order, 0, 3).shape()).containsExactly(3, 1);
  }

  @Test
  void theArithmeticOrderIsAPermutationEveryEpochAndRefusesAMultiplierSharingAFactorWithN() {
    ExampleOrder order = ExampleOrder.arithmetic(new int[] {7, 11}, 17);
    for (int e = 0; e < 3; e++) {
      int[] rows = order.epoch(e, 1500);
      int[] sorted = rows.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < 1500; i++) {
        assertThat(sorted[i]).isEqualTo(i);
      }
    }
    assertThat(order.epoch(1, 1500)[2]).isEqualTo((11 * 2 + 17) % 1500);
    assertThatThrownBy(() -> ExampleOrder.arithmetic(new int[] {6}, 0).epoch(0, 1500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not coprime to 1500");
  }
}
