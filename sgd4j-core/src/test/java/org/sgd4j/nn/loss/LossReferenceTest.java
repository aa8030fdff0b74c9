package org.sgd4j.nn.loss;

import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.Reference.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sgd4j.nn.Reference;
import org.sgd4j.tensor.Tensor;

/** Values and input gradients of every loss against PyTorch, on the cases of reference/nn/generate.py. */
class LossReferenceTest {
  private static double worst;

  @TestFactory
  List<DynamicTest> lossesMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Reference.cases("losses.json")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }
    return tests;
  }

  private static void check(JsonNode c) {
    Loss loss = build(c);
    Tensor x = tensor(c.get("input")).requiresGrad_(true);
    Tensor target = tensor(c.get("target"));
    boolean targetGrad = !c.get("target_grad").isNull();
    if (targetGrad) {
      target.requiresGrad_(true);
    }
    Tensor out = loss.apply(x, target);
    Tensor up = tensor(c.get("upstream"));
    if (up == null) {
      out.backward();
    } else {
      out.backward(up);
    }
    String id = c.get("id").asText();
    double w = assertClose(id + " value", out, tensor(c.get("output")), 1e-5, 1e-4);
    w = Math.max(w, assertClose(id + " grad", x.grad(), tensor(c.get("grad")), 1e-6, 1e-4));
    if (targetGrad) {
      w = Math.max(w, assertClose(id + " target grad", target.grad(), tensor(c.get("target_grad")), 1e-6, 1e-4));
    }
    synchronized (LossReferenceTest.class) {
      worst = Math.max(worst, w);
    }
  }

  private static Loss build(JsonNode c) {
    JsonNode a = c.get("args");
    Reduction r = Reduction.of(a.get("reduction").asText());
    Tensor weight = tensor(c.get("weight"));
    return switch (c.get("loss").asText()) {
      case "MSELoss" -> new MSELoss(r);
      case "L1Loss" -> new L1Loss(r);
      case "HuberLoss" -> new HuberLoss(r, (float) a.get("delta").asDouble());
      case "SmoothL1Loss" -> new SmoothL1Loss(r, (float) a.get("beta").asDouble());
      case "NLLLoss" -> {
        NLLLoss l = new NLLLoss().withReduction(r).withWeight(weight);
        yield a.has("ignore_index") ? l.withIgnoreIndex(a.get("ignore_index").asInt()) : l;
      }
      case "CrossEntropyLoss" -> {
        CrossEntropyLoss l = new CrossEntropyLoss().withReduction(r).withWeight(weight);
        if (a.has("ignore_index")) {
          l = l.withIgnoreIndex(a.get("ignore_index").asInt());
        }
        yield a.has("label_smoothing") ? l.withLabelSmoothing((float) a.get("label_smoothing").asDouble()) : l;
      }
      case "KLDivLoss" -> new KLDivLoss(r, a.get("log_target").asBoolean());
      case "BCELoss" -> new BCELoss(weight, r);
      case "BCEWithLogitsLoss" -> new BCEWithLogitsLoss(weight, tensor(c.get("pos_weight")), r);
      default -> throw new IllegalArgumentException("unknown loss " + c.get("loss"));
    };
  }

  @AfterAll
  static void report() {
    System.out.println("LossReferenceTest: worst relative error vs PyTorch = " + worst);
  }
}
