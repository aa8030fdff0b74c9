package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line fuzz ({@link CliFuzz}) in {@code mvn verify}: a few hundred seeded cases (more with
 * {@code -Dsgd4j.fuzz.cases=N}; {@code CliFuzz.main} runs thousands). Each must keep the rule of
 * issue 19: an exit status from the table, one line on stderr, no stack trace, no out-of-memory, no
 * file outside {@code --out} changed.
 */
class CliFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedFilesFlagsAndCheckpointsKeepTheRule() throws Exception {
    CliFuzz fuzz = new CliFuzz(dir);
    fuzz.run(Long.getLong("sgd4j.fuzz.seed", 1_000_000L), Integer.getInteger("sgd4j.fuzz.cases", 250));
    assertThat(fuzz.defects()).as("defects of %d cases (exit statuses %s)", fuzz.cases(), fuzz.exits()).isEmpty();
    assertThat(fuzz.exits()).containsKeys("0", "1", "2"); // the fuzz reaches success and both kinds of refusal
  }
}
