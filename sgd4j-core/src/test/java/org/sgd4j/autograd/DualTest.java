package org.sgd4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Forward mode against the notes' table and central differences in double precision. */
class DualTest {

  @Test
  void notesWorkedExample() {
    Dual x1 = Dual.variable(2);
    Dual x2 = Dual.constant(5);
    Dual y = x1.log().add(x1.mul(x2)).sub(x2.sin());
    assertThat(Math.round(y.value() * 1000) / 1000.0).isEqualTo(11.652);
    assertThat(y.derivative()).isEqualTo(5.5);
  }

  private static void check(UnaryOperator<Dual> f, double x) {
    double h = 1e-6;
    double numeric = (f.apply(Dual.constant(x + h)).value() - f.apply(Dual.constant(x - h)).value()) / (2 * h);
    assertThat(f.apply(Dual.variable(x)).derivative()).isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
  }

  @Test
  void everyRuleOfTheTableAgreesWithFiniteDifferences() {
    Dual c = Dual.constant(1.7);
    for (double x : new double[] {-2.3, -0.4, 0.6, 1.9}) {
      check(d -> d.add(c), x);
      check(d -> d.sub(c).neg(), x);
      check(d -> d.mul(d).mul(c), x);
      check(d -> c.div(d.add(Dual.constant(5))), x);
      check(Dual::sin, x);
      check(Dual::cos, x);
      check(Dual::exp, x);
      check(Dual::abs, x);
      check(d -> d.pow(3), x);
      check(d -> d.mul(d).add(Dual.constant(1)).log(), x);
      check(d -> d.mul(d).add(Dual.constant(1)).pow(d), x);
    }
  }

  @Test
  void everyRuleMultipliesByTheTangentItIsGiven() {
    // Through d -> 3d the tangent that enters each rule is 3, not 1 (which hides a rule dividing by it).
    Dual three = Dual.constant(3);
    Dual five = Dual.constant(5);
    for (double x : new double[] {-0.7, 0.2, 0.45}) {
      check(d -> d.mul(three).sin(), x);
      check(d -> d.mul(three).cos(), x);
      check(d -> d.mul(three).exp(), x);
      check(d -> d.mul(three).abs(), x);
      check(d -> d.mul(three).pow(3), x);
      check(d -> d.mul(three).add(five).log(), x);
      check(d -> d.mul(three).div(d.add(five)), x);
      check(d -> Dual.constant(1.7).div(d.mul(three).add(five)), x);
      check(d -> d.mul(three).add(five).pow(d.mul(three)), x);
      check(d -> d.sub(d.mul(three)), x);
    }
  }
}
