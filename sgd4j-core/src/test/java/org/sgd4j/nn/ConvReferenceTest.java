package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.nn.Reference.assertClose;
import static org.sgd4j.nn.Reference.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sgd4j.tensor.Tensor;

/** Conv1d and Conv2d forward and backward against PyTorch over stride, padding (incl. "same"/"valid"), dilation, groups and padding modes. */
class ConvReferenceTest {
  private static double worst;

  @TestFactory
  List<DynamicTest> convolutionsMatchPyTorch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : Reference.cases("conv.json")) {
      tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }
    return tests;
  }

  static int[] ints(JsonNode a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static void check(JsonNode c) {
    ConvOptions.Builder b = ConvOptions.builder(c.get("in").asInt(), c.get("out").asInt(), ints(c.get("kernel")))
        .stride(ints(c.get("stride"))).dilation(ints(c.get("dilation"))).groups(c.get("groups").asInt())
        .bias(c.get("bias").asBoolean()).paddingMode(c.get("padding_mode").asText());
    if (c.get("padding").isTextual()) {
      b.padding(c.get("padding").asText());
    } else {
      b.padding(ints(c.get("padding")));
    }
    Module conv = c.get("dims").asInt() == 2 ? new Conv2d(b.build()) : new Conv1d(b.build());
    String id = c.get("id").asText();
    assertThat(conv.toString()).as(id + " repr").isEqualTo(c.get("repr").asText());
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", tensor(c.get("weight")));
    if (c.get("bias").asBoolean()) {
      state.put("bias", tensor(c.get("bias_value")));
    }
    conv.loadStateDict(state);
    Tensor x = tensor(c.get("input")).requiresGrad_(true);
    Tensor y = conv.forward(x);
    y.backward(tensor(c.get("upstream")));
    double w = assertClose(id + " output", y, tensor(c.get("output")), 1e-5, 1e-4);
    w = Math.max(w, assertClose(id + " grad input", x.grad(), tensor(c.get("grad_input")), 1e-5, 1e-4));
    Map<String, Tensor> p = conv.namedParameters();
    w = Math.max(w, assertClose(id + " grad weight", p.get("weight").grad(), tensor(c.get("grad_weight")), 1e-5, 1e-4));
    if (c.get("bias").asBoolean()) {
      w = Math.max(w, assertClose(id + " grad bias", p.get("bias").grad(), tensor(c.get("grad_bias")), 1e-5, 1e-4));
    }
    synchronized (ConvReferenceTest.class) {
      worst = Math.max(worst, w);
    }
  }

  @AfterAll
  static void report() {
    System.out.println("ConvReferenceTest: worst relative error vs PyTorch = " + worst);
  }
}
