package org.sgd4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgd4j.optim.OptimizerState;
import org.sgd4j.optim.ParamGroup;
import org.sgd4j.optim.SGD;
import org.sgd4j.tensor.Tensor;

/**
 * Every schedule against torch.optim.lr_scheduler 1.13 (reference/optim/generate_schedules.py): the
 * lr of both groups (and OneCycleLR's momentum) after construction and after each of 30 steps; the
 * closed forms where PyTorch has them; and a save/load at step 12 that continues identically.
 */
class TorchScheduleTest {
  static final JsonNode REF;

  static {
    try (InputStream in = TorchScheduleTest.class.getResourceAsStream("/reference/optim/schedules.json")) {
      REF = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SGD optimizer() {
    Tensor a = Tensor.zeros(2).requiresGrad_();
    Tensor b = Tensor.zeros(1).requiresGrad_();
    return new SGD(SGD.options().withLr(0.1).withMomentum(0.9),
        List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b), o -> o.withLr(0.05))));
  }

  static final Map<String, Function<SGD, LrScheduler>> SCHEDULES = Map.ofEntries(
      Map.entry("StepLR", o -> new StepLR(o, 4, 0.5)),
      Map.entry("MultiStepLR", o -> new MultiStepLR(o, new int[] {3, 7, 7, 12}, 0.3)),
      Map.entry("ConstantLR", o -> new ConstantLR(o, 0.25, 4)),
      Map.entry("ExponentialLR", o -> new ExponentialLR(o, 0.9)),
      Map.entry("PolynomialLR", o -> new PolynomialLR(o, 20, 2.0)),
      Map.entry("CosineAnnealingLR", o -> new CosineAnnealingLR(o, 10, 0.001)),
      Map.entry("LinearLR", o -> new LinearLR(o, 0.25, 1.0, 8)),
      Map.entry("LinearLRDecay", o -> new LinearLR(o, 1.0, 0.1, 10)),
      Map.entry("LambdaLR", o -> new LambdaLR(o, List.of(t -> Math.pow(0.95, t), t -> 1.0 / (t + 1)))),
      Map.entry("ExponentialDecay", o -> new ExponentialDecayLR(o, 0.1)),
      Map.entry("InverseTimeDecay", o -> new InverseTimeDecayLR(o, 0.5, 0.5)),
      Map.entry("PiecewiseConstant", o -> new PiecewiseConstantLR(o, new int[] {5, 15}, new double[] {1.0, 0.5, 0.05})),
      Map.entry("OneCycleLR", o -> new OneCycleLR(o, new double[] {1.0, 0.5}, 31, 0.3, OneCycleLR.Anneal.COS, true,
          0.85, 0.95, 25, 1e4, false)),
      Map.entry("OneCycleLRLinearThreePhase", o -> new OneCycleLR(o, new double[] {0.8, 0.8}, 31, 0.25,
          OneCycleLR.Anneal.LINEAR, true, 0.85, 0.95, 10, 100, true)),
      Map.entry("SequentialLR", o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, 5),
          new CosineAnnealingLR(o, 20, 0)), new int[] {5})),
      Map.entry("ChainedScheduler", o -> new ChainedScheduler(List.of(new ConstantLR(o, 0.5, 6),
          new ExponentialLR(o, 0.9)))));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : REF.get("cases")) {
      if (!c.get("name").asText().startsWith("ReduceLROnPlateau")) {
        out.add(Arguments.of(c.get("name").asText(), c));
      }
    }
    return out.stream();
  }

  static void assertLrs(String what, double[] got, JsonNode want) {
    for (int g = 0; g < got.length; g++) {
      double w = want.get(g).asDouble();
      assertThat(got[g]).as("%s, group %d", what, g).isCloseTo(w, within(1e-12 * Math.max(1e-3, Math.abs(w))));
    }
  }

  static double[] lrs(SGD opt) {
    return opt.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
  }

  static double[] momenta(SGD opt) {
    return opt.paramGroups().stream().mapToDouble(g -> g.options().momentum()).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorch(String name, JsonNode c) {
    SGD opt = optimizer();
    LrScheduler s = SCHEDULES.get(name).apply(opt);
    int steps = REF.get("steps").asInt();
    for (int t = 0; t <= steps; t++) {
      if (t > 0) {
        opt.step();
        s.step();
      }
      assertLrs(name + " lr at epoch " + t, lrs(opt), c.get("lr").get(t));
      assertThat(s.lastLr()).containsExactly(lrs(opt));
      if (c.has("momentum")) {
        assertLrs(name + " momentum at epoch " + t, momenta(opt), c.get("momentum").get(t));
      }
      if (c.has("closed") && t > 0) {
        assertLrs(name + " closed form at epoch " + t, s.closedForm(t), c.get("closed").get(t - 1));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stateRoundTripContinuesIdentically(String name, JsonNode c) {
    SGD opt = optimizer();
    LrScheduler s = SCHEDULES.get(name).apply(opt);
    for (int t = 1; t <= 12; t++) {
      opt.step();
      s.step();
    }
    OptimizerState optState = opt.stateDict();
    Map<String, Double> schedState = s.stateDict();
    SGD opt2 = optimizer();
    LrScheduler s2 = SCHEDULES.get(name).apply(opt2);
    opt2.loadStateDict(optState);
    s2.loadStateDict(schedState);
    for (int t = 13; t <= REF.get("steps").asInt(); t++) {
      opt.step();
      s.step();
      opt2.step();
      s2.step();
      assertThat(lrs(opt2)).as("%s lr at epoch %d", name, t).containsExactly(lrs(opt));
      assertThat(momenta(opt2)).as("%s momentum at epoch %d", name, t).containsExactly(momenta(opt));
    }
  }
}
