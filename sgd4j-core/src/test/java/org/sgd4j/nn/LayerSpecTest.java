package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** The layer-spec reader: networks equal to the hand-built ones, inferred sizes, and its errors. */
class LayerSpecTest {
  static final String LENET = "conv2d(6,5,padding=2) relu maxpool2d(2) conv2d(16,5) relu maxpool2d(2) flatten"
      + " linear(120) relu linear(84) relu linear(10)";
  static final String CIFAR_NET = "conv2d(6, 5) relu maxpool2d(2, 2) conv2d(16, 5) relu maxpool2d(2, 2) flatten"
      + " linear(120) relu linear(84) relu linear(10)";

  @Test
  void cifarNetIsTheNotesNetworkWithTheSameWeights() {
    Sequential spec = LayerSpec.parse(CIFAR_NET).build(new int[] {3, 32, 32}, new Rng(1));
    Sequential hand = CifarNetTest.cifarNet(new Rng(1));
    assertThat(spec.parameterCount()).isEqualTo(62_006);
    assertThat(LayerSpec.parse(CIFAR_NET).parameterCount(new int[] {3, 32, 32})).isEqualTo(62_006);
    assertThat(spec.toString()).isEqualTo(hand.toString());
    assertThat(spec.stateDict().keySet()).containsExactlyElementsOf(hand.stateDict().keySet());
    hand.stateDict().forEach((k, v) -> assertThat(spec.stateDict().get(k).toArray()).as(k).containsExactly(v.toArray()));
  }

  @Test
  void lenetInfersItsSizesFromTheImages() {
    LayerSpec spec = LayerSpec.parse(LENET);
    assertThat(spec.layers()).hasSize(12);
    assertThat(spec.layers().get(0).args()).containsEntry("out_channels", 6).containsEntry("kernel_size", 5)
        .containsEntry("padding", 2);
    assertThat(spec.outputShape(new int[] {1, 28, 28})).containsExactly(10);
    Sequential net = spec.build(new int[] {1, 28, 28}, new Rng(0));
    // d2l's LeNet: 6·25+6, 16·6·25+16, 400·120+120, 120·84+84, 84·10+10
    assertThat(net.parameterCount()).isEqualTo(156 + 2416 + 48120 + 10164 + 850);
    assertThat(net.forward(Tensor.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 10);
  }

  @Test
  void predictedShapesAreTheForwardShapes() {
    String[] specs = {
        "conv2d(4,3,stride=2,padding=1) relu",
        "conv2d(4,3,padding=same)",
        "conv2d(4, 3, 2, 1, 2, 2, false, reflect) batchnorm2d tanh avgpool2d(3,2,1) adaptiveavgpool2d(2) flatten dropout"
            + "(0.1) linear(7, bias=false) leakyrelu(0.2) batchnorm1d gelu(tanh) sigmoid logsoftmax",
        "flatten linear(5) softmax(dim=-1) identity",
        "conv1d(3,2) flatten",
    };
    int[][] shapes = {{2, 9, 9}, {2, 5, 6}, {2, 11, 13}, {3, 4}, {2, 10}};
    for (int k = 0; k < specs.length; k++) {
      LayerSpec spec = LayerSpec.parse(specs[k]);
      int[] in = shapes[k];
      if (specs[k].startsWith("conv1d")) {
        in = new int[] {2, 10};
      }
      Sequential net = spec.build(in, new Rng(k));
      int[] batch = new int[in.length + 1];
      batch[0] = 3;
      System.arraycopy(in, 0, batch, 1, in.length);
      int[] out = net.forward(Tensor.randn(new Rng(9), batch)).shape();
      int[] predicted = spec.outputShape(in);
      assertThat(out[0]).isEqualTo(3);
      assertThat(java.util.Arrays.copyOfRange(out, 1, out.length)).as(specs[k]).containsExactly(predicted);
      assertThat(net.parameterCount()).isEqualTo(spec.parameterCount(in));
    }
  }

  @Test
  void errorsNameTheColumnAndTheForm() {
    assertError("conv2d(6,5 x)", 12, "expected ',' or ')' after an argument of conv2d, found 'x'; the form is "
        + "conv2d(out_channels, kernel_size[, stride, padding, dilation, groups, bias, padding_mode])");
    assertError("relu lineer(10)", 6, "unknown layer 'lineer'; known: linear, conv1d");
    assertError("flatten linear", 9, "linear needs out_features; the form is linear(out_features[, bias])");
    assertError("linear(ten)", 8, "linear's out_features must be an integer, got 'ten'");
    assertError("maxpool2d(2,2,0,1)", 17, "maxpool2d takes at most 3 arguments");
    assertError("linear(bias=false, 10)", 20, "a positional argument after a key=value one");
    assertError("linear(10, width=3)", 12, "linear has no argument 'width'");
    assertError("linear(10", 10, "expected ',' or ')' after an argument of linear, found the end of the spec");
    assertError("  ", 1, "empty layer spec");
    assertError("relu(", 6, "relu takes no arguments; the form is relu");
    assertError("relu, linear(3)", 5, "expected a space before the next layer, found ','");
    assertError("conv2d(6,5,padding=half)", 20, "conv2d's padding must be an integer or one of same, valid, got 'half'");
  }

  @Test
  void shapeErrorsNameTheLayer() {
    assertThatThrownBy(() -> LayerSpec.parse("conv2d(6,5) relu linear(10)").build(new int[] {1, 28, 28}, new Rng(0)))
        .isInstanceOf(LayerSpecException.class)
        .hasMessage("column 18: layer linear(out_features=10): needs inputs of shape (features), but gets (6, 24, 24)"
            + " here; put flatten before it");
    assertThatThrownBy(() -> LayerSpec.parse("flatten conv2d(6,5)").outputShape(new int[] {1, 28, 28}))
        .hasMessageStartingWith("column 9: layer conv2d(out_channels=6, kernel_size=5): needs inputs of shape (C, H, W),"
            + " but gets (784) here");
    assertThatThrownBy(() -> LayerSpec.parse("conv2d(6,5) maxpool2d(2) conv2d(6,5) maxpool2d(2) conv2d(6,5)")
        .outputShape(new int[] {1, 20, 20}))
        .hasMessage("column 51: layer conv2d(out_channels=6, kernel_size=5) gives an empty output of shape (6, 0, 0)"
            + " for its input; the input is too small for it");
    assertThatThrownBy(() -> LayerSpec.parse("flatten linear(2000000000)").build(new int[] {1, 28, 28}, new Rng(0)))
        .hasMessageContaining("would have 1570000000000 parameters, more than a tensor can hold");
  }

  private static void assertError(String spec, int column, String message) {
    assertThatThrownBy(() -> LayerSpec.parse(spec)).isInstanceOf(LayerSpecException.class)
        .hasMessageContaining("column " + column + ": " + message)
        .satisfies(e -> assertThat(((LayerSpecException) e).column()).isEqualTo(column));
  }

  /**
   * Fuzzing: specs made by random edits of valid ones (characters deleted, inserted, replaced,
   * pieces swapped) are read and built on several shapes; each either works or is refused with a
   * LayerSpecException whose message names a column inside the spec (or just past it). Nothing
   * else may be thrown.
   */
  @Test
  void malformedSpecsGiveClearErrorsOnly() {
    String[] seeds = {LENET, CIFAR_NET, "flatten linear(16) relu dropout(0.5) linear(4) logsoftmax(dim=1)",
        "conv2d(4,3,stride=2,padding=same,padding_mode=circular) batchnorm2d gelu(approximate=tanh) flatten linear(3)",
        "conv1d(2,3) avgpool2d(2) leakyrelu(negative_slope=0.1) adaptiveavgpool2d(1) flatten linear(2,bias=false)"};
    String alphabet = "()=,.-+ 0123456789abcdeflinrstuvxyz_\t\u00e9\u0000\n";
    int[][] shapes = {{1, 28, 28}, {3, 32, 32}, {784}, {2, 10}, {1, 1, 1}};
    Rng rng = new Rng(2024);
    int refused = 0;
    int built = 0;
    List<String> examples = new ArrayList<>();
    for (int trial = 0; trial < 20_000; trial++) {
      StringBuilder s = new StringBuilder(seeds[(int) (rng.nextDouble() * seeds.length)]);
      int edits = 1 + (int) (rng.nextDouble() * 4);
      for (int e = 0; e < edits; e++) {
        int at = (int) (rng.nextDouble() * (s.length() + 1));
        char c = alphabet.charAt((int) (rng.nextDouble() * alphabet.length()));
        switch ((int) (rng.nextDouble() * 4)) {
          case 0 -> { if (at < s.length()) { s.deleteCharAt(at); } }
          case 1 -> s.insert(at, c);
          case 2 -> { if (at < s.length()) { s.setCharAt(at, c); } }
          default -> {
            int end = Math.min(s.length(), at + (int) (rng.nextDouble() * 12));
            String piece = s.substring(at, end);
            s.delete(at, end).insert((int) (rng.nextDouble() * (s.length() + 1)), piece);
          }
        }
      }
      String spec = s.toString();
      try {
        LayerSpec parsed = LayerSpec.parse(spec);
        for (int[] shape : shapes) {
          try {
            parsed.outputShape(shape);
            if (parsed.parameterCount(shape) < 5_000_000) {
              parsed.build(shape, new Rng(0));
              built++;
            }
          } catch (LayerSpecException e) {
            checkMessage(spec, e);
            refused++;
          }
        }
      } catch (LayerSpecException e) {
        checkMessage(spec, e);
        refused++;
        if (examples.size() < 5) {
          examples.add(spec + "  ->  " + e.getMessage());
        }
      }
    }
    assertThat(refused).isGreaterThan(10_000);
    assertThat(built).isGreaterThan(100);
    assertThat(examples).hasSize(5);
  }

  private static void checkMessage(String spec, LayerSpecException e) {
    assertThat(e.column()).as(spec).isBetween(1, spec.length() + 1);
    assertThat(e.getMessage()).as(spec).startsWith("column " + e.column() + ": ").doesNotContain("Exception")
        .doesNotContain("null");
  }
}
