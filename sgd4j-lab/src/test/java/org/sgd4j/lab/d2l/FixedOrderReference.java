package org.sgd4j.lab.d2l;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;
import org.sgd4j.lab.data.SharedData;

/** reference/d2l/ch11.py's fixed-order iterates (ch11_fixed_order.json), and the airfoil data they were made on. */
final class FixedOrderReference {
  static final Map<String, Object> ROOT = load();

  private FixedOrderReference() {}

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (InputStream in = FixedOrderReference.class.getResourceAsStream("/reference/d2l/ch11_fixed_order.json")) {
      return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | JsonException e) {
      throw new IllegalStateException("reading ch11_fixed_order.json: " + e.getMessage(), e);
    }
  }

  /** The data, or the test is skipped when shared/datasets/airfoil is not on this machine. */
  static AirfoilProblem data() throws IOException {
    Optional<Path> dir = SharedData.file("airfoil");
    assumeTrue(dir.isPresent(), "shared/datasets/airfoil not found (set SGD4J_DATA): skipped");
    return AirfoilProblem.load(dir.get());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static double[] doubles(Object o) {
    return list(o).stream().mapToDouble(Json::asDouble).toArray();
  }

  static float[] floats(Object o) {
    double[] d = doubles(o);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  static int[] ints(Object o) {
    return list(o).stream().mapToInt(v -> (int) Json.asDouble(v)).toArray();
  }
}
