package org.sgd4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.LoaderState;
import org.sgd4j.io.Json;

/** checkpoint.json's progress fields: written and read in one place, exactly, and refused by name when damaged. */
class TrainingStateTest {

  static TrainingState sample() {
    return new TrainingState(2, 37, 1184, 12.5, 0.1 + 0.2, 5, new LoaderState(2, 10, -7L, 0.3),
        Map.of("dropout", new TrainingState.RngState(Long.MIN_VALUE, Double.NaN)),
        Map.of("org.example.Stop", Map.of("best", 0.25)),
        List.of(new HistoryRow(1, 640, 3.25, 0.5, Double.NaN, Double.NaN, 0.1)), Map.of("lr", 0.1));
  }

  @Test
  void aStateReadBackFromItsJsonTextIsEqualBitForBit() throws Exception {
    TrainingState s = sample();
    Map<?, ?> parsed = (Map<?, ?>) Json.parse(Json.writePretty(s.toJson()));
    TrainingState back = TrainingState.fromJson(parsed, "checkpoint.json");
    assertThat(Json.writePretty(back.toJson())).isEqualTo(Json.writePretty(s.toJson()));
    assertThat(back.epoch()).isEqualTo(2);
    assertThat(back.step()).isEqualTo(37);
    assertThat(back.epochLossSum()).isEqualTo(0.1 + 0.2);
    assertThat(back.loader()).isEqualTo(s.loader());
    assertThat(back.rngs()).isEqualTo(s.rngs());
    assertThat(back.history()).isEqualTo(s.history());
    assertThat(back.callbacks().get("org.example.Stop")).containsEntry("best", new java.math.BigDecimal("0.25"));
  }

  @Test
  void aMissingOrMistypedFieldIsNamedWithItsPath() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(sample().toJson()));
    @SuppressWarnings("unchecked")
    Map<String, Object> loader = (Map<String, Object>) json.get("loader");
    loader.put("batch_index", "ten");
    assertThatThrownBy(() -> TrainingState.fromJson(json, "run/checkpoint.json")).isInstanceOf(IOException.class)
        .hasMessage("run/checkpoint.json: malformed field \"loader.batch_index\": ten is not an integer");
    loader.put("batch_index", 10);
    json.remove("step");
    assertThatThrownBy(() -> TrainingState.fromJson(json, "c.json"))
        .hasMessage("c.json: malformed field \"step\": is missing (expected an integer)");
  }
}
