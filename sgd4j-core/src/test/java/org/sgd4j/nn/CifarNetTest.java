package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.Reference.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** The notes' CIFAR-10 network: parameter counts, shapes, PyTorch's printout, values and gradients, and a few SGD steps. */
class CifarNetTest {

  static Sequential cifarNet(Rng rng) {
    return new Sequential(
        new Conv2d(3, 6, 5, rng), new ReLU(), new MaxPool2d(2, 2),
        new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2, 2),
        new Flatten(),
        new Linear(400, 120, rng), new ReLU(),
        new Linear(120, 84, rng), new ReLU(),
        new Linear(84, 10, rng));
  }

  @Test
  void countsParametersAsTheNotes() {
    Sequential net = cifarNet(new Rng(1));
    assertThat(net.parameterCount()).isEqualTo(62_006);
    List<Long> perLayer = new ArrayList<>();
    for (Module m : net.children()) {
      if (m.parameterCount() > 0) {
        perLayer.add(m.parameterCount());
      }
    }
    assertThat(perLayer).containsExactly(456L, 2416L, 48120L, 10164L, 850L);
    assertThat(net.namedParameters().keySet()).containsExactly(
        "0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias");
  }

  @Test
  void shapesFollowTheNotes() {
    Sequential net = cifarNet(new Rng(1));
    Tensor x = Tensor.randn(new Rng(2), 4, 3, 32, 32);
    List<String> shapes = new ArrayList<>();
    try (var s = GradMode.noGrad()) {
      for (Module m : net.children()) {
        x = m.forward(x);
        if (!(m instanceof ReLU)) {
          shapes.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(x.shape(), 1, x.dim())));
        }
      }
    }
    assertThat(shapes).containsExactly("[6, 28, 28]", "[6, 14, 14]", "[16, 10, 10]", "[16, 5, 5]", "[400]", "[120]", "[84]", "[10]");
  }

  @Test
  void printsAsPyTorchAndComputesPyTorchsValuesAndGradients() {
    JsonNode ref = Reference.cases("cifar_net.json").get(0);
    Sequential net = cifarNet(new Rng(1));
    assertThat(net.toString()).isEqualTo(ref.get("repr").asText());
    int k = 0;
    try (var s = GradMode.noGrad()) {
      for (Tensor p : net.parameters()) {
        p.copy_(deterministic(p.shape(), k++));
      }
    }
    Tensor x = deterministic(new int[] {2, 3, 32, 32}, 0.5).mul(10f);
    Tensor out = net.forward(x);
    Tensor loss = new CrossEntropyLoss().apply(out, new int[] {3, 7});
    loss.backward();
    assertClose("output", out, tensor(ref.get("output")), 1e-5, 1e-4);
    assertThat((double) loss.item()).isCloseTo(ref.get("loss").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
    for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
      JsonNode g = ref.get("grads").get(e.getKey());
      float[] grad = e.getValue().grad().toArray();
      double sum = 0;
      double sq = 0;
      for (float v : grad) {
        sum += v;
        sq += (double) v * v;
      }
      double norm = g.get("norm").asDouble();
      assertThat(sum).as(e.getKey() + " grad sum").isCloseTo(g.get("sum").asDouble(), org.assertj.core.data.Offset.offset(1e-4 * norm + 1e-7));
      assertThat(Math.sqrt(sq)).as(e.getKey() + " grad norm").isCloseTo(norm, org.assertj.core.data.Offset.offset(1e-4 * norm));
      JsonNode sample = g.get("sample");
      int stride = g.get("sample_stride").asInt();
      for (int i = 0; i < sample.size(); i++) {
        assertThat((double) grad[i * stride]).as(e.getKey() + " grad[" + i * stride + "]")
            .isCloseTo(sample.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-4 * norm + 1e-7));
      }
    }
  }

  /** 0.1·sin(0.37·i + phase), the deterministic values reference/nn/generate.py also uses. */
  private static Tensor deterministic(int[] shape, double phase) {
    float[] v = new float[org.sgd4j.tensor.Shape.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (0.1 * Math.sin(0.37 * i + phase));
    }
    return Tensor.wrap(v, shape);
  }

  @Test
  void fewSgdStepsOnRandomDataLowerTheLoss() {
    Rng rng = new Rng(42);
    Sequential model = cifarNet(rng);
    Tensor x = Tensor.randn(rng, 8, 3, 32, 32);
    Tensor y = Tensor.randint(rng, 0, 10, 8);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    float first = 0;
    float last = 0;
    for (int step = 0; step < 10; step++) {
      Tensor loss = lossFn.apply(model.forward(x), y);
      model.zeroGrad();
      loss.backward();
      try (var s = GradMode.noGrad()) {
        for (Tensor p : model.parameters()) {
          p.add_(p.grad(), -0.05f);
        }
      }
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertThat(first).isCloseTo((float) Math.log(10), org.assertj.core.data.Offset.offset(0.3f));
    assertThat(last).isLessThan(first * 0.9f);
  }
}
