package org.sgd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.sgd4j.tensor.Tensor;

/** Reads the PyTorch reference cases committed under {@code reference/nn/} and compares tensors with them. */
public final class Reference {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Reference() {}

  /** The "cases" array of {@code /reference/nn/<name>}. */
  public static JsonNode cases(String name) {
    try (InputStream in = Reference.class.getResourceAsStream("/reference/nn/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /reference/nn/" + name + ": run reference/nn/generate.py");
      }
      return JSON.readTree(in).get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tensor from {@code {"shape": [...], "data": [...]}}, or null for a JSON null. */
  public static Tensor tensor(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode s = node.get("shape");
    int[] shape = new int[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asInt();
    }
    JsonNode d = node.get("data");
    float[] data = new float[d.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) d.get(i).asDouble();
    }
    return Tensor.wrap(data, shape);
  }

  /**
   * Asserts same shape and |a − e| ≤ atol + rtol·|e| elementwise; returns the worst relative error
   * |a − e| / max(|e|, 1e-3) for reporting.
   */
  public static double assertClose(String what, Tensor actual, Tensor expected, double atol, double rtol) {
    assertThat(actual).as(what + ": missing tensor").isNotNull();
    assertThat(actual.shape()).as(what + ": shape").containsExactly(expected.shape());
    float[] a = actual.toArray();
    float[] e = expected.toArray();
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double err = Math.abs((double) a[i] - e[i]);
      if (!(err <= atol + rtol * Math.abs(e[i]))) {
        throw new AssertionError(what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i]
            + " (|diff| " + err + " > " + (atol + rtol * Math.abs(e[i])) + ")");
      }
      worst = Math.max(worst, err / Math.max(Math.abs(e[i]), 1e-3));
    }
    return worst;
  }
}
