package org.sgd4j.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.tensor.Tensor;

/**
 * The hyper-parameters an optimizer actually uses (its options record, defaults filled in), for
 * titles and reports: what a run says it did is read from the optimizer, never assumed.
 */
final class OptimizerSettings {
  private OptimizerSettings() {}

  /** The options of the optimizer that {@code factory} builds, by component name (lr, momentum, ...). */
  static Map<String, Object> of(Function<List<Tensor>, Optimizer<?>> factory) {
    return of(factory.apply(List.of(Tensor.zeros(1).requiresGrad_(true))));
  }

  /** The options of {@code optimizer}, by component name. */
  static Map<String, Object> of(Optimizer<?> optimizer) {
    Object options = optimizer.defaults();
    Map<String, Object> m = new LinkedHashMap<>();
    if (options instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          m.put(c.getName(), c.getAccessor().invoke(r));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read option " + c.getName() + " of " + r.getClass().getName(), e);
        }
      }
    }
    return m;
  }

  /**
   * The notes' run title, {@code Optimizer-SGD lr-0.001 mt-0.5 bs-16}: the name, the learning rate
   * in use, the momentum where the optimizer has one, and the batch size.
   */
  static String title(String name, Map<String, Object> settings, int batchSize) {
    StringBuilder sb = new StringBuilder("Optimizer-").append(name.toUpperCase(Locale.ROOT));
    if (settings.get("lr") instanceof Number lr) {
      sb.append(" lr-").append(plain(lr.doubleValue()));
    }
    if (settings.get("momentum") instanceof Number mt) {
      sb.append(" mt-").append(plain(mt.doubleValue()));
    }
    return sb.append(" bs-").append(batchSize).toString();
  }

  /** {@code 0.001}, {@code 2}: the shortest plain decimal of a double. */
  static String plain(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
