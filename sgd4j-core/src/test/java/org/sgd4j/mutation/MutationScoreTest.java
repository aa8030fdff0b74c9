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

  static String mutation(String status, boolean detected, String cls, String method, int line, String mutator) {
    return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'><sourceFile>X.java</sourceFile>"
        + "<mutatedClass>" + cls + "</mutatedClass><mutatedMethod>" + method + "</mutatedMethod><lineNumber>" + line
        + "</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators." + mutator + "</mutator></mutation>";
  }

  @Test
  void leavesListedEquivalentMutantsOutAndReportsStaleEntries(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("mutations.xml");
    Files.writeString(xml, "<?xml version='1.0'?><mutations>"
        + mutation("SURVIVED", false, "org.sgd4j.data.DataLoader", "numBatches", 40, "ConditionalsBoundaryMutator")
        + mutation("SURVIVED", false, "org.sgd4j.data.DataLoader", "numBatches", 41, "ConditionalsBoundaryMutator")
        + mutation("KILLED", true, "org.sgd4j.data.DataLoader", "next", 50, "MathMutator")
        + mutation("TIMED_OUT", true, "org.sgd4j.data.Idx", "read", 121, "ConditionalsBoundaryMutator")
        + mutation("TIMED_OUT", true, "org.sgd4j.data.Idx", "read", 130, "MathMutator")
        + "</mutations>");
    Path list = dir.resolve("equivalent.tsv");
    Files.writeString(list, "# data\n\n"
        + "org.sgd4j.data.DataLoader\tnumBatches\t40\tConditionalsBoundaryMutator\tsame count either way\n"
        + "org.sgd4j.data.DataLoader\tnext\t50\tMathMutator\tkilled, so this entry is stale\n"
        + "org.sgd4j.data.Idx\tread\t121\tConditionalsBoundaryMutator\tits minion timed out on a slow machine\n");
    var equivalents = new java.util.LinkedHashSet<>(MutationScore.Equivalent.read(list));
    assertThat(equivalents).hasSize(3);
    var unmatched = new java.util.LinkedHashSet<>(equivalents);
    var counts = MutationScore.score(xml, Map.of("data", List.of("org.sgd4j.data.")), equivalents, unmatched);
    // left out: numBatches:40 (survived) and read:121 (timed out); counted: numBatches:41, next:50, read:130
    assertThat(counts.get("data")).isEqualTo(new MutationScore.Counts(3, 2, 1, 0));
    assertThat(unmatched).containsExactly(
        new MutationScore.Equivalent("org.sgd4j.data.DataLoader", "next", 50, "MathMutator"));
  }

  @Test
  void refusesAnEquivalentEntryWithoutItsReason(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("equivalent.tsv");
    Files.writeString(list, "org.sgd4j.data.DataLoader\tnumBatches\t40\tConditionalsBoundaryMutator\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MutationScore.Equivalent.read(list))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equivalent.tsv:1");
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
