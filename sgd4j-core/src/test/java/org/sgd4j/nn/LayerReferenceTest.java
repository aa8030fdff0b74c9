package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.nn.ConvReferenceTest.ints;
import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.Reference.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sgd4j.tensor.Tensor;

/** Pooling, activations, Linear and BatchNorm (train and eval, running statistics) against PyTorch. */
class LayerReferenceTest {
  private static double worst;

  @TestFactory
  List<DynamicTest> layersMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Reference.cases("layers.json")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }
    return tests;
  }

  private static Module build(JsonNode c) {
    JsonNode a = c.get("args");
    return switch (c.get("kind").asText()) {
      case "MaxPool2d" -> square(a) ? new MaxPool2d(a.get("kernel").get(0).asInt(), a.get("stride").get(0).asInt(), a.get("padding").get(0).asInt())
          : new MaxPool2d(ints(a.get("kernel")), ints(a.get("stride")), ints(a.get("padding")), ints(a.get("dilation")));
      case "AvgPool2d" -> square(a) ? new AvgPool2d(a.get("kernel").get(0).asInt(), a.get("stride").get(0).asInt(), a.get("padding").get(0).asInt(),
          a.get("count_include_pad").asBoolean()) : new AvgPool2d(ints(a.get("kernel")), ints(a.get("stride")), ints(a.get("padding")),
          a.get("count_include_pad").asBoolean());
      case "AdaptiveAvgPool2d" -> new AdaptiveAvgPool2d(a.get("size").get(0).asInt(), a.get("size").get(1).asInt());
      case "GELU" -> new GELU(a.get("approximate").asText());
      case "LeakyReLU" -> new LeakyReLU((float) a.get("slope").asDouble());
      case "ReLU" -> new ReLU();
      case "Tanh" -> new Tanh();
      case "Sigmoid" -> new Sigmoid();
      case "SiLU" -> new SiLU();
      case "Softmax" -> new Softmax(a.get("dim").asInt());
      case "LogSoftmax" -> new LogSoftmax(a.get("dim").asInt());
      case "Linear" -> new Linear(a.get("in").asInt(), a.get("out").asInt(), a.get("bias").asBoolean());
      case "BatchNorm2d" -> new BatchNorm2d(a.get("features").asInt(), a.get("eps").asDouble(), a.get("momentum").asDouble(), true);
      case "BatchNorm1d" -> new BatchNorm1d(a.get("features").asInt(), a.get("eps").asDouble(), a.get("momentum").asDouble(), true);
      default -> throw new IllegalArgumentException("unknown layer " + c.get("kind"));
    };
  }

  /** Whether the Python side passed single ints (equal pairs, unit dilation), which changes PyTorch's repr. */
  private static boolean square(JsonNode a) {
    for (String k : new String[] {"kernel", "stride", "padding", "dilation"}) {
      if (a.has(k) && (a.get(k).get(0).asInt() != a.get(k).get(1).asInt() || (k.equals("dilation") && a.get(k).get(0).asInt() != 1))) {
        return false;
      }
    }
    return true;
  }

  private static void check(JsonNode c) {
    String id = c.get("id").asText();
    Module m = build(c);
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("params").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      state.put(e.getKey(), tensor(e.getValue()));
    }
    if (c.has("buffers_before")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("buffers_before").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        state.put(e.getKey(), tensor(e.getValue()));
      }
    }
    m.loadStateDict(state, false);
    m.train(c.get("train").asBoolean());
    if (c.get("kind").asText().equals("Linear") || c.get("kind").asText().startsWith("BatchNorm")
        || c.get("kind").asText().contains("Pool")) {
      assertThat(m.toString()).as(id + " repr").isEqualTo(c.get("repr").asText());
    }
    Tensor x = tensor(c.get("input")).requiresGrad_(true);
    Tensor y = m.forward(x);
    y.backward(tensor(c.get("upstream")));
    double w = assertClose(id + " output", y, tensor(c.get("output")), 2e-5, 2e-4);
    w = Math.max(w, assertClose(id + " grad input", x.grad(), tensor(c.get("grad_input")), 2e-5, 2e-4));
    Map<String, Tensor> params = m.namedParameters();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("param_grads").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      w = Math.max(w, assertClose(id + " grad " + e.getKey(), params.get(e.getKey()).grad(), tensor(e.getValue()), 2e-5, 2e-4));
    }
    Map<String, Tensor> buffers = m.namedBuffers();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("buffers_after").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      w = Math.max(w, assertClose(id + " buffer " + e.getKey(), buffers.get(e.getKey()), tensor(e.getValue()), 2e-5, 2e-4));
    }
    synchronized (LayerReferenceTest.class) {
      worst = Math.max(worst, w);
    }
  }

  @AfterAll
  static void report() {
    System.out.println("LayerReferenceTest: worst relative error vs PyTorch = " + worst);
  }
}
