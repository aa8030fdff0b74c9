package org.sgd4j.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options records to named scalars and back, for state dicts: each record component becomes one
 * {@code double} (booleans as 0 or 1), named after the component.
 */
final class HyperParameters {
  private HyperParameters() {}

  static Map<String, Double> toMap(Record options) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (RecordComponent c : options.getClass().getRecordComponents()) {
      Object v = get(c, options);
      double d;
      if (v instanceof Boolean b) {
        d = b ? 1 : 0;
      } else if (v instanceof Number n) {
        d = n.doubleValue();
      } else {
        throw new IllegalStateException("option " + c.getName() + " of " + options.getClass().getName()
            + " is a " + c.getType() + ": options must be numbers or booleans");
      }
      out.put(c.getName(), d);
    }
    return out;
  }

  /** The record of {@code type} with every component read from {@code values[prefix + name]}. */
  @SuppressWarnings("unchecked")
  static <R extends Record> R fromMap(Class<R> type, Map<String, Double> values, String prefix) {
    RecordComponent[] cs = type.getRecordComponents();
    Class<?>[] types = new Class<?>[cs.length];
    Object[] args = new Object[cs.length];
    for (int i = 0; i < cs.length; i++) {
      types[i] = cs[i].getType();
      Double d = values.get(prefix + cs[i].getName());
      if (d == null) {
        throw new IllegalArgumentException("state dict has no hyper-parameter " + prefix + cs[i].getName());
      }
      Class<?> t = types[i];
      args[i] = t == boolean.class ? (Object) (d != 0) : t == int.class ? (Object) (int) (double) d
          : t == long.class ? (Object) (long) (double) d : (Object) d;
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild " + type.getName() + " from a state dict", e);
    }
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      var m = c.getAccessor();
      m.setAccessible(true);
      return m.invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read option " + c.getName(), e);
    }
  }
}
