package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The notes' broadcasting examples. */
class BroadcastTest {

  @Test
  void notesExamplesBroadcast() {
    assertThat(Tensor.zeros(5, 3, 4, 1).add(Tensor.zeros(3, 1, 1)).shape()).containsExactly(5, 3, 4, 1);
    assertThat(Tensor.zeros(5, 1, 4, 1).add(Tensor.zeros(3, 1, 1)).shape()).containsExactly(5, 3, 4, 1);
    assertThat(Tensor.zeros(4, 3, 2).mul(Tensor.zeros(3, 2)).shape()).containsExactly(4, 3, 2);
    assertThat(Tensor.zeros(4, 3, 2).mul(Tensor.zeros(3, 1)).shape()).containsExactly(4, 3, 2);
    assertThat(Tensor.zeros(4, 3, 2).mul(Tensor.zeros(1, 2)).shape()).containsExactly(4, 3, 2);
  }

  @Test
  void notesCounterExamplesFailNamingBothShapesAndTheDimension() {
    assertThatThrownBy(() -> Tensor.zeros(4, 3, 2).mul(Tensor.zeros(4, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 3, 2]").hasMessageContaining("[4, 3]").hasMessageContaining("dimension 2");
    assertThatThrownBy(() -> Tensor.zeros(4, 3, 2).mul(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 3, 2]").hasMessageContaining("[2, 3]").hasMessageContaining("dimension 2");
    assertThatThrownBy(() -> Tensor.zeros(4, 3, 2).add(Tensor.zeros(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 3, 2]").hasMessageContaining("[0]").hasMessageContaining("dimension 2");
  }

  @Test
  void broadcastValuesMatchExplicitLoops() {
    Tensor a = Tensor.arange(6).reshape(2, 3, 1);
    Tensor b = Tensor.arange(4).reshape(1, 4);
    Tensor c = a.mul(b).add(b);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          assertThat(c.get(i, j, k)).isEqualTo((i * 3 + j) * k + k);
        }
      }
    }
  }

  @Property(tries = 200)
  void broadcastIsSymmetric(@ForAll @IntRange(min = 1, max = 3) int a0, @ForAll @IntRange(min = 1, max = 3) int a1,
                            @ForAll @IntRange(min = 1, max = 3) int b1) {
    int[] x = {a0, a1};
    int[] y = {b1};
    boolean ok = a1 == b1 || a1 == 1 || b1 == 1;
    if (ok) {
      assertThat(Shape.broadcast("op", x, y)).containsExactly(Shape.broadcast("op", y, x));
    } else {
      assertThatThrownBy(() -> Shape.broadcast("op", x, y)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
