package org.sgd4j.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of the benchmark mains: parsed once against the names a main
 * accepts, so an unknown option or a missing value is an error that names it.
 */
final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  /** @throws IllegalArgumentException for an option not in {@code accepted} or without a value */
  BenchArgs(String[] args, Set<String> accepted) {
    for (int i = 0; i < args.length; i += 2) {
      if (!accepted.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i] + " (accepted: " + accepted + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      values.put(args[i], args[i + 1]);
    }
  }

  String string(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  int integer(String name, int otherwise) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
  }

  double real(String name, double otherwise) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : otherwise;
  }
}
