package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Tensor;

/**
 * torch.optim's iterates on the edges the trajectory tests never reach (reference/optim/generate_edges.py):
 * {@code maximize} on the paths that have a fused loop, an ε large enough that its sign and its place
 * in the formula change the step, weight decay; three steps with fixed gradients. Each run is made
 * four times: with the parameter and the gradient each fresh or a view at a storage offset inside a
 * larger buffer, which must all give the same values (the fused loops, which index from 0, are only
 * for a parameter and a gradient that both start at 0).
 */
class TorchEdgesTest {
  static final JsonNode REF = ReferenceModels.load("/reference/optim/edges.json");
  static final double TOL = 2e-6;

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode run : REF.get("runs")) {
      for (int layout = 0; layout < 4; layout++) {
        boolean paramOffset = (layout & 1) != 0;
        boolean gradOffset = (layout & 2) != 0;
        out.add(Arguments.of(run.get("optimizer").asText() + " " + run.get("options") + (paramOffset ? ", parameter a view" : "")
            + (gradOffset ? ", gradient a view" : ""), run, paramOffset, gradOffset));
      }
    }
    return out.stream();
  }

  /** {@code values} as a contiguous 1-d tensor, either fresh or a view at offset 3 of a larger buffer. */
  static Tensor tensor(float[] values, boolean offset) {
    if (!offset) {
      return Tensor.of(values);
    }
    Tensor view = Tensor.full(-7f, values.length + 6).narrow(0, 3, values.length);
    view.copy_(Tensor.of(values));
    assertThat(view.storageOffset()).isEqualTo(3);
    return view;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void matchesTorch(String label, JsonNode run, boolean paramOffset, boolean gradOffset) {
    Tensor p = tensor(ReferenceModels.floats(REF.get("theta")), paramOffset).requiresGrad_();
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("p", p);
    Optimizer<?> opt = ReferenceModels.optimizer(run.get("optimizer").asText(), run.get("options"), params);
    for (int t = 0; t < 3; t++) {
      try (var s = GradMode.noGrad()) {
        p.setGrad(tensor(ReferenceModels.floats(REF.get("grads").get(t)), gradOffset));
      }
      opt.step();
      float[] want = ReferenceModels.floats(run.get("steps").get(t));
      float[] got = p.toArray();
      for (int i = 0; i < want.length; i++) {
        assertThat(Math.abs((double) got[i] - want[i]) / Math.max(1, Math.abs(want[i])))
            .as("%s after %d steps, p[%d]: ours %s, torch %s", label, t + 1, i, got[i], want[i]).isLessThanOrEqualTo(TOL);
      }
    }
  }
}
