package org.sgd4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.train.TrainResult;

/** The example runs against the installed sgd4j: it learns the sine, and a resumed run continues the first. */
class FitSineTest {
  @TempDir Path dir;

  @Test
  void learnsTheSineAndResumesFromItsCheckpoint() throws Exception {
    TrainResult first = FitSine.run(dir, 10, false);
    assertTrue(Files.isDirectory(dir), "checkpoint written");
    TrainResult resumed = FitSine.run(dir, 20, true);
    assertEquals(20, resumed.history().size(), "the resumed run keeps the first one's 10 epochs of history");
    assertEquals(2 * first.steps(), resumed.steps());
    double start = first.history().get(0).testLoss();
    double end = resumed.last().testLoss();
    // Var(sin x) on [-3, 3] is about 0.45; the noise floor is 0.01
    assertTrue(end < 0.05 && end < start / 4, "test loss " + start + " -> " + end);
  }
}
