/*
 * TrainThroughput in a JVM where other code has used the Vector API first, as another library in the same
 * application might (Lucene's vector search, say): IntVector arithmetic, float masks, float shuffles, or
 * all three (-Dneighbour=int, mask, shuffle, int-mask-shuffle; none by default). It shows whether sgd4j's
 * SIMD kernels keep their speed and their zero allocation when the Vector API's shared methods have been
 * profiled by someone else; watch samples_per_s and alloc_bytes_per_step across several JVM starts
 * (bench/results/2026-12-05-lenet-weight-gradient.md, docs/architecture.md):
 *   javac --add-modules jdk.incubator.vector -cp sgd4j-bench/target/benchmarks.jar -d /tmp/nb bench/ab/Neighbour.java
 *   for i in 1 2 3 4 5 6 7 8; do java --add-modules jdk.incubator.vector -Dneighbour=int \
 *     -cp sgd4j-bench/target/benchmarks.jar:/tmp/nb Neighbour --model mlp --batch 64 --threads 1 \
 *     --warmup-seconds 4 --steps 1500 2>/dev/null | tail -1; done
 */
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Vector API use by a neighbour, then the training benchmark. */
public class Neighbour {
  public static void main(String[] args) throws Exception {
    String kind = System.getProperty("neighbour", "none");
    VectorSpecies<Integer> ints = IntVector.SPECIES_PREFERRED;
    VectorSpecies<Float> floats = FloatVector.SPECIES_PREFERRED;
    int[] a = new int[4096];
    float[] f = new float[4096];
    long sum = 0;
    for (int r = 0; r < 20000 && !kind.equals("none"); r++) {
      for (int i = 0; i < a.length; i += ints.length()) {
        if (kind.contains("int")) {
          IntVector v = IntVector.fromArray(ints, a, i).add(r);
          v.intoArray(a, i);
          sum += v.lane(0);
        }
        if (kind.contains("mask")) {
          FloatVector v = FloatVector.fromArray(floats, f, i);
          v.blend(1f, v.compare(VectorOperators.LT, 0.5f)).intoArray(f, i);
        }
        if (kind.contains("shuffle")) {
          FloatVector v = FloatVector.fromArray(floats, f, i);
          v.rearrange(VectorShuffle.iota(floats, 1, 1, true)).intoArray(f, i);
        }
      }
    }
    System.err.println("neighbour " + kind + " (" + sum + ")");
    org.sgd4j.bench.TrainThroughput.main(args);
  }
}
