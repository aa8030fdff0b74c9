/*
 * The SGEMM micro-kernel alone, as PackedGemm's macro-kernel drives it: one B micro-panel (KC x NR, the jr
 * loop over PANELS of them) against every MR-row panel of an MC x KC block of A (the ir loop), C + acc
 * stored into a small C (or, with a fifth argument, into a 2048-wide C whose rows move with each
 * repetition, as a large product's C does). Best GFLOPS of 40 rounds (bench/results/2026-12-05-micro-kernel.md):
 *   javac --add-modules jdk.incubator.vector -cp sgd4j-core/target/classes -d /tmp/mk bench/ab/MkBench.java
 *   java --add-modules jdk.incubator.vector -cp /tmp/mk:sgd4j-core/target/classes \
 *     org.sgd4j.tensor.kernel.MkBench TILE KC MC [PANELS] [big]
 * (-XX:MaxVectorSize=32 for 8 lanes on an AVX-512 machine).
 */
package org.sgd4j.tensor.kernel;

/** Micro-kernel alone: ir loop over an L2-resident block of A with one B micro-panel, like macroKernel. */
public class MkBench {
  public static void main(String[] args) {
    String tile = args[0];
    int kc = Integer.parseInt(args[1]);
    int mc = Integer.parseInt(args[2]);
    VectorGemm g = PanamaVectorizationProvider.make(tile, CpuInfo.get());
    int mr = g.mr(), nr = g.nr();
    int panels = Integer.parseInt(args.length > 3 ? args[3] : "8"); // B micro-panels (jr loop)
    float[] a = new float[mc * kc];
    float[] b = new float[panels * kc * nr];
    boolean bigC = args.length > 4;
    int ldcBig = 2048;
    float[] c = bigC ? new float[ldcBig * ldcBig] : new float[mc * nr * panels];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
    for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
    int ldc = bigC ? ldcBig : nr * panels;
    double best = 0;
    for (int round = 0; round < 40; round++) {
      long t0 = System.nanoTime();
      long flops = 0;
      for (int rep = 0; rep < 20; rep++) {
        for (int jr = 0; jr < panels; jr++) {
          for (int ir = 0; ir < mc; ir += mr) {
            int rowBase = bigC ? (rep * mc) % ldcBig : 0;
            g.microKernel(kc, a, ir * kc, 1, mr, b, jr * kc * nr, nr, c, (rowBase + ir) * ldc + jr * nr, ldc, 1f);
          }
        }
        flops += 2L * mc * nr * panels * kc;
      }
      double gf = flops / (double) (System.nanoTime() - t0);
      best = Math.max(best, gf);
    }
    System.out.printf("%s W=%d kc=%d mc=%d Bpanel=%dKB: %.1f GFLOPS%n", tile, VectorGemm.W, kc, mc, kc * nr * 4 / 1024, best);
  }
}
