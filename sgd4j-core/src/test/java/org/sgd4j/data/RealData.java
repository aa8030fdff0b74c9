package org.sgd4j.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's real datasets (env SGD4J_DATA, or shared/datasets above the working directory). */
final class RealData {
  private RealData() {}

  /** The datasets directory, or the test is skipped with a message saying where it was looked for. */
  static Path dir() {
    String env = System.getenv("SGD4J_DATA");
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "real datasets not found: set SGD4J_DATA or run below a directory holding shared/datasets");
    return null;
  }

  /** A file under the datasets directory; skips the test if it is missing. */
  static Path file(String relative) {
    Path p = dir().resolve(relative);
    assumeTrue(Files.isRegularFile(p), "dataset file missing: " + p);
    return p;
  }
}
