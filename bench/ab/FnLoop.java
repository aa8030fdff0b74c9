/*
 * The false dependency of JDK 17's float-to-double conversion (bench/results/2026-12-05-false-dependency.md):
 * each Math function over 2,560 floats, plainly and with -(-x[i]). Plain Java, no sgd4j:
 *   javac -d /tmp/fn bench/ab/FnLoop.java && java -cp /tmp/fn FnLoop
 * (then with another JDK's java to compare).
 */
public class FnLoop {
  static void exp(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.exp(x[i]); }
  static void expN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.exp(-(-x[i])); }
  static void log(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.log(x[i]); }
  static void logN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.log(-(-x[i])); }
  static void log1p(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.log1p(x[i]); }
  static void log1pN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.log1p(-(-x[i])); }
  static void sin(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.sin(x[i]); }
  static void sinN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.sin(-(-x[i])); }
  static void cos(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.cos(x[i]); }
  static void cosN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.cos(-(-x[i])); }
  static void tanh(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.tanh(x[i]); }
  static void tanhN(float[] d, float[] x, int n) { for (int i = 0; i < n; i++) d[i] = (float) Math.tanh(-(-x[i])); }
  public static void main(String[] a) {
    int n = 2560; float[] x = new float[n], d = new float[n]; java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) x[i] = (float) Math.abs(r.nextGaussian()) + 0.01f;
    String[] names = {"exp", "exp-neg2", "log", "log-neg2", "log1p", "log1p-neg2", "sin", "sin-neg2", "cos", "cos-neg2", "tanh", "tanh-neg2"};
    for (int rep = 0; rep < 2; rep++)
    for (int k = 0; k < names.length; k++) {
      long best = Long.MAX_VALUE;
      for (int it = 0; it < 8000; it++) {
        long t0 = System.nanoTime();
        switch (k) { case 0 -> exp(d, x, n); case 1 -> expN(d, x, n); case 2 -> log(d, x, n); case 3 -> logN(d, x, n); case 4 -> log1p(d, x, n); case 5 -> log1pN(d, x, n);
          case 6 -> sin(d, x, n); case 7 -> sinN(d, x, n); case 8 -> cos(d, x, n); case 9 -> cosN(d, x, n); case 10 -> tanh(d, x, n); default -> tanhN(d, x, n); }
        long t = System.nanoTime() - t0; if (it > 3000) best = Math.min(best, t);
      }
      if (rep == 1) System.out.printf("%-11s %.2f ns/elt%n", names[k], best / (double) n);
    }
  }
}
