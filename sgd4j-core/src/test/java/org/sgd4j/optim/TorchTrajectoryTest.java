package org.sgd4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.tensor.Tensor;

/**
 * Every optimizer against torch.optim (1.13) on the committed trajectories: the same models, initial
 * weights and batches, parameters compared after 1, 2, 10 and 50 steps. Also: saving the state dict
 * after 10 steps and loading it into a fresh optimizer over fresh parameters continues the run bit
 * for bit.
 */
class TorchTrajectoryTest {
  static final JsonNode REF = ReferenceModels.load("/reference/optim/trajectories.json");
  /** Float32 tolerance: |ours − torch| ≤ TOL · max(1, |torch|), after up to 50 steps. */
  static final double TOL = 1e-5;
  static double worst;
  static String worstRun = "";

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode run : REF.get("runs")) {
      String name = run.get("optimizer").asText();
      if (name.equals("LBFGS") || name.equals("Newton")) {
        continue; // LbfgsTest, NewtonTest
      }
      out.add(Arguments.of(run.get("optimizer").asText() + " " + run.get("options") + " on " + run.get("model").asText(), run));
    }
    return out.stream();
  }

  static List<Map<String, Tensor>> train(JsonNode run, int steps, int saveAt) {
    String modelName = run.get("model").asText();
    JsonNode model = REF.get("models").get(modelName);
    Map<String, Tensor> p = ReferenceModels.initialParams(model);
    Optimizer<?> opt = ReferenceModels.optimizer(run.get("optimizer").asText(), run.get("options"), p);
    int batches = model.get("batches").size();
    List<Map<String, Tensor>> snapshots = new ArrayList<>();
    for (int t = 1; t <= steps; t++) {
      opt.zeroGrad();
      ReferenceModels.loss(modelName, model, p, (t - 1) % batches).backward();
      opt.step();
      if (t == saveAt) {
        OptimizerState saved = opt.stateDict();
        Map<String, Tensor> fresh = ReferenceModels.initialParams(model);
        try (var s = org.sgd4j.tensor.GradMode.noGrad()) {
          for (String k : p.keySet()) {
            fresh.get(k).copy_(p.get(k));
          }
        }
        p = fresh;
        opt = ReferenceModels.optimizer(run.get("optimizer").asText(), run.get("options"), p);
        opt.loadStateDict(saved);
      }
      snapshots.add(p);
    }
    return snapshots;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void matchesTorch(String label, JsonNode run) {
    String modelName = run.get("model").asText();
    JsonNode model = REF.get("models").get(modelName);
    Map<String, Tensor> p = ReferenceModels.initialParams(model);
    Optimizer<?> opt = ReferenceModels.optimizer(run.get("optimizer").asText(), run.get("options"), p);
    int batches = model.get("batches").size();
    for (int t = 1; t <= 50; t++) {
      opt.zeroGrad();
      ReferenceModels.loss(modelName, model, p, (t - 1) % batches).backward();
      opt.step();
      JsonNode expected = run.get("checkpoints").get(String.valueOf(t));
      if (expected == null) {
        continue;
      }
      for (String name : p.keySet()) {
        float[] want = ReferenceModels.floats(expected.get(name));
        float[] got = p.get(name).toArray();
        for (int i = 0; i < want.length; i++) {
          double err = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
          synchronized (TorchTrajectoryTest.class) {
            if (err > worst) {
              worst = err;
              worstRun = label + " step " + t + " " + name + "[" + i + "]";
            }
          }
          assertThat(err).as("%s after %d steps, %s[%d]: ours %s, torch %s", label, t, name, i, got[i], want[i])
              .isLessThanOrEqualTo(TOL);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void stateDictRoundTripContinuesBitIdentically(String label, JsonNode run) {
    Map<String, Tensor> straight = train(run, 30, -1).get(29);
    Map<String, Tensor> resumed = train(run, 30, 10).get(29);
    for (String name : straight.keySet()) {
      assertThat(resumed.get(name).toArray()).as(name).containsExactly(straight.get(name).toArray());
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("optim vs torch: worst |ours - torch| / max(1, |torch|) = %.3g at %s%n", worst, worstRun);
  }
}
