package org.sgd4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  @SuppressWarnings("unchecked")
  void parsesEveryKindOfValue() throws JsonException {
    Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"s\": \"x\\n\\u00e9\\ud83d\\ude00\"} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat((List<Object>) m.get("a")).containsExactly(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3"), true, false, null);
    assertThat(m.get("s")).isEqualTo("x\né😀");
    assertThat(Json.parse("123456789012345678901")).isEqualTo(new BigDecimal("123456789012345678901"));
  }

  @Test
  void refusesWhatRfc8259Refuses() {
    String[][] cases = {
        {"{\"a\":1,}", "expected a string key"},
        {"[1,]", "unexpected ']'"},
        {"01", "leading zero"},
        {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
        {"\"a\tb\"", "unescaped control character U+0009"},
        {"\"\\ud800\"", "lone surrogate U+D800"},
        {"\"\\x\"", "invalid escape"},
        {"{\"a\":1}x", "after the end"},
        {"tru", "expected true"},
        {"-", "expected a digit"},
        {"1.", "expected a digit"},
        {"{\"k\":1,\"k\":2}", "duplicate key \"k\" at character 7"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> Json.parse(c[0])).as(c[0]).isInstanceOf(JsonException.class).hasMessageContaining(c[1]);
    }
  }

  @Test
  void refusesDeepNestingWithoutOverflowingTheStack() {
    assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).isInstanceOf(JsonException.class)
        .hasMessageContaining("deeper than 64");
  }

  @Test
  void writesCompactAndPrettyJsonThatParsesBack() throws JsonException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("q", "a\"b\\c\u0001");
    m.put("n", 3);
    m.put("d", 0.1);
    m.put("whole", 2.0);
    m.put("nan", Double.NaN);
    m.put("l", List.of(1, 2));
    m.put("shape", new int[] {2, 3});
    assertThat(Json.write(m)).isEqualTo(
        "{\"q\":\"a\\\"b\\\\c\\u0001\",\"n\":3,\"d\":0.1,\"whole\":2.0,\"nan\":null,\"l\":[1,2],\"shape\":[2,3]}");
    Map<?, ?> back = (Map<?, ?>) Json.parse(Json.writePretty(m));
    assertThat(back.get("q")).isEqualTo("a\"b\\c\u0001");
    assertThat(back.get("d")).isEqualTo(new BigDecimal("0.1"));
    assertThat(back.get("shape")).isEqualTo(List.of(2L, 3L));
  }
}
