package org.sgd4j.finitesum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sgd4j.data.LabelMapping;
import org.sgd4j.data.LibSvm;
import org.sgd4j.data.LibSvmData;

/** The methods on slices of the real sparse LIBSVM data sets a9a and w8a (skipped when absent). */
class LibSvmProblemsTest {

  static LibSvmData read(String folder, String file, int dim) throws Exception {
    Path root = Fixtures.datasets();
    Assumptions.assumeTrue(root != null && Files.exists(root.resolve("libsvm").resolve(folder).resolve(file)),
        "datasets not found (set SGD4J_DATA or run below shared/datasets): skipping " + file);
    return LibSvm.read(root.resolve("libsvm").resolve(folder).resolve(file),
        LibSvm.options().dimension(dim).labels(LabelMapping.PLUS_MINUS_ONE));
  }

  @Test
  void sagSagaAndSvrgReachTheNewtonOptimumOnAnA9aSlice() throws Exception {
    LibSvmData data = read("a9a", "a9a", 123);
    LogisticRegression p = new LogisticRegression(Fixtures.firstRows(data.features(), 3000),
        java.util.Arrays.copyOf(data.labels(), 3000), 1e-3);
    Optimum o = Optimum.of(p);
    assertThat(o.suboptimalityBound()).isLessThan(1e-12 * o.value());
    for (Solver s : new Solver[] {Sag.withStep(Double.NaN), new Saga(Double.NaN), new Svrg(Double.NaN, 0),
        Sag.withStep(Double.NaN).sampling(Sampling.LIPSCHITZ_MIXED).lineSearch(true)}) {
      Trace t = Fixtures.run(s, p, 80, 1, 1, 1e-10);
      assertThat(t.stopReason()).as(s.name() + " " + t.last()).isEqualTo("converged");
    }
  }

  @Test
  void sparseSagaMatchesTheDenseFormOnW8a() throws Exception {
    // w8a is very sparse (about 12 non-zeros of 300 per row) and has empty rows
    LibSvmData data = read("w8a", "w8a", 300);
    LeastSquares p = new LeastSquares(Fixtures.firstRows(data.features(), 1500),
        java.util.Arrays.copyOf(data.labels(), 1500), 0.0);
    Trace sparse = Fixtures.run(new Saga(Double.NaN), p, 3, 1, 2, 0);
    Trace dense = Fixtures.run(new Saga(Double.NaN), Fixtures.opaque(p), 3, 1, 2, 0);
    assertThat(Fixtures.maxAbsDiff(sparse.finalX(), dense.finalX())).isLessThan(1e-10);
  }
}
