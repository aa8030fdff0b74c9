package org.sgd4j.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationScoreTest {
  static String mutation(String status, boolean detected, String cls) {
    return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'><sourceFile>X.java</sourceFile>"
        + "<mutatedClass>" + cls + "</mutatedClass><mutatedMethod>m</mutatedMethod></mutation>";
  }

  @Test
  void scoresEachGroupByItsLongestPrefix(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("mutations.xml");
    Files.writeString(xml, "<?xml version='1.0'?><mutations>"
        + mutation("KILLED", true, "org.sgd4j.optim.SGD")
        + mutation("SURVIVED", false, "org.sgd4j.optim.Adam")
        + mutation("TIMED_OUT", true, "org.sgd4j.optim.schedule.StepLR")
        + mutation("NO_COVERAGE", false, "org.sgd4j.optim.schedule.StepLR")
        + mutation("KILLED", true, "org.sgd4j.data.Csv")
        + mutation("KILLED", true, "org.sgd4j.tensor.Tensor")
        + "</mutations>");
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("optim", List.of("org.sgd4j.optim."));
    groups.put("schedule", List.of("org.sgd4j.optim.schedule."));
    groups.put("data", List.of("org.sgd4j.data.Csv", "org.sgd4j.data.Idx"));
    var counts = MutationScore.score(xml, groups);
    assertThat(counts.get("optim")).isEqualTo(new MutationScore.Counts(2, 1, 1, 0));
    assertThat(counts.get("schedule")).isEqualTo(new MutationScore.Counts(2, 1, 0, 1));
    assertThat(counts.get("data")).isEqualTo(new MutationScore.Counts(1, 1, 0, 0));
    assertThat(counts.get("optim").score()).isEqualTo(50.0);
    assertThat(counts.keySet()).containsExactly("optim", "schedule", "data");
  }

  @Test
  void aGroupPassesAtItsFloorAndNotWithoutMutants() {
    var c = new MutationScore.Counts(10, 9, 1, 0);
    assertThat(MutationScore.passes(c, 90)).isTrue();
    assertThat(MutationScore.passes(c, 90.1)).isFalse();
    assertThat(MutationScore.passes(new MutationScore.Counts(0, 0, 0, 0), 0)).isFalse();
  }
}
