package org.sgd4j.lab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the project's datasets are: {@code $SGD4J_DATA} if set, else the first
 * {@code shared/datasets} found walking up from the working directory (e.g. /work/shared/datasets).
 */
public final class SharedData {
  private SharedData() {}

  /** The datasets directory, if there is one. */
  public static Optional<Path> dir() {
    String env = System.getenv("SGD4J_DATA");
    if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** {@code dir()/relative} if it exists. */
  public static Optional<Path> file(String relative) {
    return dir().map(d -> d.resolve(relative)).filter(Files::exists);
  }
}
