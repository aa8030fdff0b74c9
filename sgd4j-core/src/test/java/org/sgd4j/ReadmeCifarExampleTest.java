package org.sgd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sgd4j.nn.Conv2d;
import org.sgd4j.nn.Flatten;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.MaxPool2d;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

/** The README's second example, line for line: the notes' CIFAR-10 network takes SGD steps on random data. */
class ReadmeCifarExampleTest {

  @Test
  void cifarNetworkTakesSgdStepsOnRandomData() {
    Rng rng = new Rng(42);
    var model = new Sequential(
        new Conv2d(3, 6, 5, rng), new ReLU(), new MaxPool2d(2, 2),
        new Conv2d(6, 16, 5, rng), new ReLU(), new MaxPool2d(2, 2),
        new Flatten(), new Linear(400, 120, rng), new ReLU(),
        new Linear(120, 84, rng), new ReLU(), new Linear(84, 10, rng));
    Tensor x = Tensor.randn(rng, 16, 3, 32, 32);          // a batch of random "images"
    Tensor y = Tensor.randint(rng, 0, 10, 16);            // class indices
    var lossFn = new CrossEntropyLoss();
    var opt = new SGD(model.parameters(), SGD.options().withLr(0.05).withMomentum(0.9));
    float first = 0;
    float last = 0;
    for (int step = 0; step < 5; step++) {
      Tensor loss = lossFn.apply(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertThat(model.parameterCount()).isEqualTo(62_006);
    assertThat(model.toString()).startsWith("Sequential(\n  (0): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))");
    assertThat(last).isLessThan(first);
  }
}
