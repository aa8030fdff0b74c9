/*
 * One optimizer step over 535,818 parameters (the notes' MLP) on one thread, in ns per parameter, best of 400
 * steps after 200 (bench/results/2026-12-05-optimizer-loops.md):
 *   javac -cp JAR -d /tmp/opt bench/ab/OptTime.java
 *   java --add-modules jdk.incubator.vector -cp JAR:/tmp/opt OptTime sgd,adam,adam-wd,adamw,nadam,rmsprop,adagrad,adadelta,yogi,lars
 * with JAR a build's sgd4j-bench/target/benchmarks.jar.
 */
import org.sgd4j.tensor.Tensor;
import org.sgd4j.tensor.Rng;
import org.sgd4j.optim.*;
import org.sgd4j.tensor.kernel.Parallel;
import java.util.List;
public class OptTime {
  public static void main(String[] a) throws Exception {
    Parallel.setThreads(1);
    Rng rng = new Rng(1);
    Tensor p = Tensor.randn(rng, 535818).requiresGrad_();
    String[] names = a[0].split(",");
    for (String name : names) {
      Optimizer<?> opt = switch (name) {
        case "adam" -> new Adam(List.of(p), Adam.options());
        case "sgd" -> new SGD(List.of(p), SGD.options());
        case "rmsprop" -> new RMSprop(List.of(p), RMSprop.options());
        case "adagrad" -> new Adagrad(List.of(p), Adagrad.options());
        case "adadelta" -> new Adadelta(List.of(p), Adadelta.options());
        case "adamw" -> new AdamW(List.of(p), AdamW.options());
        case "adam-wd" -> new Adam(List.of(p), Adam.options().withWeightDecay(1e-4));
        case "nadam" -> new NAdam(List.of(p), NAdam.options());
        case "yogi" -> new Yogi(List.of(p), Yogi.options());
        case "lars" -> new LARS(List.of(p), LARS.options());
        default -> throw new IllegalArgumentException(name);
      };
      Tensor g = Tensor.randn(rng, 535818).mul(0.01f);
      p.setGrad(g);
      long best = Long.MAX_VALUE;
      for (int it = 0; it < 600; it++) { long t0 = System.nanoTime(); opt.step(); long t = System.nanoTime() - t0; if (it > 200) best = Math.min(best, t); }
      System.out.printf("%s %.3f ns/param%n", name, best / 535818.0);
    }
  }
}
