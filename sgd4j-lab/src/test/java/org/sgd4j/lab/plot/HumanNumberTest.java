package org.sgd4j.lab.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanNumberTest {
  @Test
  void countsReadAtAGlance() {
    assertThat(HumanNumber.format(50_000)).isEqualTo("50k");
    assertThat(HumanNumber.format(100_000)).isEqualTo("100k");
    assertThat(HumanNumber.format(150_000)).isEqualTo("150k");
    assertThat(HumanNumber.format(1_500)).isEqualTo("1.5k");
    assertThat(HumanNumber.format(1_200_000)).isEqualTo("1.2M");
    assertThat(HumanNumber.format(3e9)).isEqualTo("3B");
    assertThat(HumanNumber.format(-2_500)).isEqualTo("-2.5k");
  }

  @Test
  void ordinaryValuesArePlainDecimals() {
    assertThat(HumanNumber.format(0)).isEqualTo("0");
    assertThat(HumanNumber.format(20)).isEqualTo("20");
    assertThat(HumanNumber.format(0.5)).isEqualTo("0.5");
    assertThat(HumanNumber.format(2.345)).isEqualTo("2.35");
    assertThat(HumanNumber.format(0.001)).isEqualTo("0.001");
    assertThat(HumanNumber.format(1e-6)).isEqualTo("1e-6");
    assertThat(HumanNumber.format(2.5e-10)).isEqualTo("2.5e-10");
  }
}
