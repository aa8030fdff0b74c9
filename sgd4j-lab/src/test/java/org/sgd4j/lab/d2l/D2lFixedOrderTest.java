package org.sgd4j.lab.d2l;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sgd4j.lab.d2l.FixedOrderReference.ROOT;
import static org.sgd4j.lab.d2l.FixedOrderReference.doubles;
import static org.sgd4j.lab.d2l.FixedOrderReference.floats;
import static org.sgd4j.lab.d2l.FixedOrderReference.ints;
import static org.sgd4j.lab.d2l.FixedOrderReference.list;
import static org.sgd4j.lab.d2l.FixedOrderReference.object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.sgd4j.io.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run of the chapter, from a fixed start on a fixed example order, against the same run of the
 * chapter's PyTorch code (reference/d2l/ch11.py): the scratch rules against the chapter's own rules, the
 * concise runs against torch.optim. Both sides compute in float32 on the same bits of data; they differ
 * only in how the gradient's sums are rounded: the first 25 iterates agree to 1e-6 relative (a tenth of
 * that fails, from the first steps on), and every record point to the end of every run to 2e-6, its loss
 * to 1e-6 relative.
 */
class D2lFixedOrderTest {
  static AirfoilProblem data;

  @BeforeAll
  static void load() throws IOException {
    data = FixedOrderReference.data();
  }

  static Stream<String> runs() {
    return list(ROOT.get("runs")).stream().map(r -> (String) object(r).get("name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void matchesTheChaptersCodeStepByStep(String name) {
    Map<String, Object> ref = list(ROOT.get("runs")).stream().map(FixedOrderReference::object)
        .filter(r -> r.get("name").equals(name)).findFirst().orElseThrow();
    D2lRun run = D2lRuns.named(name).orElseThrow();
    float b0 = run.isConcise() ? (float) Json.asDouble(ROOT.get("fixed_b_concise")) : 0f;
    Learner learner = run.learner(floats(ROOT.get("fixed_w")), b0);
    ExampleOrder order = ExampleOrder.arithmetic(ints(ROOT.get("multipliers")), (int) Json.asDouble(ROOT.get("offset")));
    List<float[]> steps = new ArrayList<>();
    int stored = list(ref.get("steps")).size();
    RunResult result = D2lRunner.run(run, data, learner, order, 0, (step, l) -> {
      if (step <= stored) {
        steps.add(l.parameters());
      }
    });

    List<Object> refSteps = list(ref.get("steps"));
    assertThat(steps).hasSize(refSteps.size());
    for (int s = 0; s < steps.size(); s++) {
      double[] expected = doubles(refSteps.get(s));
      for (int j = 0; j < expected.length; j++) {
        assertThat((double) steps.get(s)[j]).as("%s step %d parameter %d", name, s + 1, j)
            .isCloseTo(expected[j], within(1e-7 + 1e-6 * Math.abs(expected[j])));
      }
    }
    List<Object> refRecords = list(ref.get("records"));
    assertThat(result.points()).hasSize(refRecords.size());
    for (int k = 0; k < refRecords.size(); k++) {
      Map<String, Object> rec = object(refRecords.get(k));
      RecordPoint p = result.points().get(k);
      assertThat(p.examples()).isEqualTo((long) Json.asDouble(rec.get("examples")));
      double[] expected = doubles(rec.get("params"));
      for (int j = 0; j < expected.length; j++) {
        assertThat((double) p.parameters()[j]).as("%s after %d examples, parameter %d", name, p.examples(), j)
            .isCloseTo(expected[j], within(2e-6));
      }
      double loss = Json.asDouble(rec.get("loss"));
      assertThat(p.loss()).as("%s loss after %d examples", name, p.examples()).isCloseTo(loss, within(1e-6 * loss));
    }
  }
}
