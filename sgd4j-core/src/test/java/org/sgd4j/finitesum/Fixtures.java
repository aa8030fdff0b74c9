package org.sgd4j.finitesum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sgd4j.data.CsrMatrix;
import org.sgd4j.tensor.Rng;

/** Shared test helpers: running a solver, slicing data, finding the datasets. */
final class Fixtures {
  private Fixtures() {}

  static Trace run(Solver s, FiniteSum p, double passes, double recordsPerPass, long seed, double tol) {
    Recorder r = new Recorder(p, Optimum.of(p), passes, recordsPerPass, tol);
    double[] x = new double[p.dim()];
    s.minimize(p, x, new Rng(seed), r);
    return r.trace(s.name());
  }

  /** The first {@code k} rows. */
  static CsrMatrix firstRows(CsrMatrix a, int k) {
    int[] ptr = Arrays.copyOf(a.rowPtr(), k + 1);
    int nnz = ptr[k];
    return new CsrMatrix(k, a.cols(), ptr, Arrays.copyOf(a.colIdx(), nnz), Arrays.copyOf(a.values(), nnz));
  }

  /** The same problem seen only through the {@link FiniteSum} interface (forces the generic paths). */
  static FiniteSum opaque(FiniteSum p) {
    return opaque(p, x -> { });
  }

  /** {@link #opaque(FiniteSum)}, telling {@code onFullGradient} each point a full gradient is evaluated at. */
  static FiniteSum opaque(FiniteSum p, java.util.function.Consumer<double[]> onFullGradient) {
    return new FiniteSum() {
      public int n() { return p.n(); }
      public int dim() { return p.dim(); }
      public double value(int i, double[] x) { return p.value(i, x); }
      public void gradient(int i, double[] x, double[] out) { p.gradient(i, x, out); }
      public double value(double[] x) { return p.value(x); }
      public void fullGradient(double[] x, double[] out) {
        onFullGradient.accept(x);
        p.fullGradient(x, out);
      }
      public double lipschitz(int i) { return p.lipschitz(i); }
      public double lipschitz() { return p.lipschitz(); }
      public double mu() { return p.mu(); }
      public String name() { return "opaque " + p.name(); }
    };
  }

  static double[] randomPoint(int d, Rng rng, double scale) {
    double[] x = new double[d];
    for (int j = 0; j < d; j++) {
      x[j] = scale * rng.nextGaussian();
    }
    return x;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int j = 0; j < a.length; j++) {
      m = Math.max(m, Math.abs(a[j] - b[j]));
    }
    return m;
  }

  /** The shared datasets folder (env SGD4J_DATA, or shared/datasets up from the working directory), or null. */
  static Path datasets() {
    String env = System.getenv("SGD4J_DATA");
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    return null;
  }
}
