package org.sgd4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sgd4j.tensor.TestTensors.bits;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.tensor.kernel.Parallel;

/**
 * The backward of softmax and log-softmax along the last dim runs as one pass over rows, split over
 * the kernel threads; it must keep the bits of the composed ops it stands for,
 * {@code g − exp(out)·Σ g} and {@code out·(g − Σ g·out)}, at every thread count. A dim that is not the
 * last, and a backward that records its own graph, take the composed ops themselves.
 */
class SoftmaxBackwardTest {
  @Test
  void rowsKeepTheBitsOfTheComposedOpsAtEveryThreadCount() {
    int before = Parallel.threads();
    try {
      // {4096, 10}: enough rows that the split cuts them at 2 and 3 threads.
      int[][] shapes = {{7, 5}, {3, 4, 6}, {9}, {4096, 10}, {2, 3, 4}};
      int[] dims = {1, 2, 0, 1, 1};
      for (int s = 0; s < shapes.length; s++) {
        Rng rng = new Rng(3 + s);
        Tensor x = Tensor.randn(rng, shapes[s]).mul(3f);
        Tensor g = Tensor.randn(rng, shapes[s]);
        int d = dims[s];
        Tensor logOut = x.logSoftmax(d);
        Tensor out = x.softmax(d);
        int[] logExpected = bits(g.sub(logOut.exp().mul(g.sum(new int[] {d}, true))));
        int[] expected = bits(out.mul(g.sub(g.mul(out).sum(new int[] {d}, true))));
        for (int threads : new int[] {1, 2, 3}) {
          Parallel.setThreads(threads);
          String id = java.util.Arrays.toString(shapes[s]) + " dim " + d + " at " + threads + " threads";
          Tensor xl = x.detach().requiresGrad_();
          assertThat(bits(Autograd.grad(xl.logSoftmax(d), List.of(xl), g, false, false, false).get(0)))
              .as("log-softmax " + id).isEqualTo(logExpected);
          Tensor xs = x.detach().requiresGrad_();
          assertThat(bits(Autograd.grad(xs.softmax(d), List.of(xs), g, false, false, false).get(0)))
              .as("softmax " + id).isEqualTo(expected);
          if (d == shapes[s].length - 1) {
            // The row pass itself, whichever path the backward takes.
            assertThat(bits(Reductions.softmaxBackwardRows(g, logOut, true))).as("log rows " + id).isEqualTo(logExpected);
            assertThat(bits(Reductions.softmaxBackwardRows(g, out, false))).as("rows " + id).isEqualTo(expected);
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  /** With create_graph the backward is the composed ops, so the Hessian-vector product still flows. */
  @Test
  void aRecordedBackwardStaysDifferentiable() {
    Rng rng = new Rng(8);
    Tensor x = Tensor.randn(rng, 3, 4).requiresGrad_();
    Tensor g = Tensor.randn(rng, 3, 4);
    Tensor v = Tensor.randn(rng, 3, 4);
    Tensor grad = Autograd.grad(x.logSoftmax(1), List.of(x), g, true, true, false).get(0);
    Tensor hv = Autograd.grad(grad.mul(v).sum(), List.of(x), null, false, false, false).get(0);
    // d/dx of Σ (g − p·Σg)·v with p = softmax(x): −Σg · (p ⊙ (v − Σ p·v)) per row.
    float[] p = x.detach().softmax(1).toArray();
    float[] gv = g.toArray();
    float[] vv = v.toArray();
    float[] h = hv.toArray();
    for (int r = 0; r < 3; r++) {
      double sg = 0;
      double pv = 0;
      for (int k = 0; k < 4; k++) {
        sg += gv[r * 4 + k];
        pv += p[r * 4 + k] * vv[r * 4 + k];
      }
      for (int k = 0; k < 4; k++) {
        double expected = -sg * p[r * 4 + k] * (vv[r * 4 + k] - pv);
        assertThat((double) h[r * 4 + k]).as("row %d col %d", r, k).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }
}
