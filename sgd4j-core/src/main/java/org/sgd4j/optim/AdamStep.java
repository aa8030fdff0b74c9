package org.sgd4j.optim;

import org.sgd4j.tensor.Tensor;

/**
 * The bias-corrected Adam step shared by {@link Adam} and {@link AdamW} (optax's
 * {@code scale_by_adam}): update the moments, then
 * {@code θ ← θ − (γ/(1−β₁ᵗ)) m / (√v̂/√(1−β₂ᵗ) + ε)} with {@code v̂ = v} or, with amsgrad, its
 * running maximum.
 */
final class AdamStep {
  private AdamStep() {}

  static void validate(double lr, double beta1, double beta2, double eps, double weightDecay) {
    Check.lr(lr);
    Check.eps(eps);
    Check.beta(beta1, "beta parameter at index 0");
    Check.beta(beta2, "beta parameter at index 1");
    Check.weightDecay(weightDecay);
  }

  /**
   * One step on {@code param}: effective gradient (sign, coupled decay λ), optional decoupled decay
   * factor (1 for none), moments, bias-corrected update.
   */
  static void apply(Tensor param, ParamState state, double lr, double beta1, double beta2, double eps, boolean amsgrad,
                    boolean maximize, double coupledDecay, float decoupledFactor) {
    int n = param.numel();
    float[] m = state.buffer("exp_avg", param);
    float[] v = state.buffer("exp_avg_sq", param);
    float[] vMax = amsgrad ? state.buffer("max_exp_avg_sq", param) : null;
    long t = state.incrementStep();
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) -(lr / biasCorrection1);
    float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
    float epsF = (float) eps;
    float b1 = (float) beta1;
    float r1 = Moments.rest(beta1);
    float b2 = (float) beta2;
    float r2 = Moments.rest(beta2);
    float sign = Gradient.sign(maximize);
    float lambda = (float) coupledDecay;
    Tensor grad = Dense.grad(param);
    float[] gd = grad.data();
    int go = grad.storageOffset();
    float[] theta = param.data();
    int po = param.storageOffset();
    if (vMax == null && sign == 1f && lambda == 0f && decoupledFactor == 1f && go == 0 && po == 0 && gd.length == n
        && theta.length == n) {
      ElementRanges.run(n, (from, to) -> denseUpdate(from, to, theta, gd, m, v, b1, r1, b2, r2, bc2Sqrt, epsF, stepSize));
      Dense.markModified(param);
      return;
    }
    for (int i = 0; i < n; i++) {
      float g = Gradient.effective(gd[go + i], theta[po + i], sign, lambda);
      float th = decoupledFactor == 1f ? theta[po + i] : theta[po + i] * decoupledFactor;
      m[i] = Moments.first(m[i], g, b1, r1);
      v[i] = Moments.second(v[i], g, b2, r2);
      float vHat = v[i];
      if (vMax != null) {
        vMax[i] = Math.max(vMax[i], v[i]);
        vHat = vMax[i];
      }
      float denom = (float) Math.sqrt(vHat) / bc2Sqrt + epsF;
      theta[po + i] = th + stepSize * m[i] / denom;
    }
    Dense.markModified(param);
  }

  /**
   * The common case (no weight decay, no amsgrad, not maximizing, dense arrays from index 0) as one
   * branch-free loop over plain indices, which C2 vectorises (with offsets added to the indices, the
   * JDK 17 loop measured 7x slower): the same float operations as the general loop, so the same bits.
   * Runs over elements {@code [from, to)}, a range of {@link ElementRanges} on the kernel threads.
   */
  private static void denseUpdate(int from, int to, float[] theta, float[] gd, float[] m, float[] v, float b1, float r1, float b2,
                                  float r2, float bc2Sqrt, float epsF, float stepSize) {
    for (int i = from; i < to; i++) {
      float g = gd[i];
      float mi = Moments.first(m[i], g, b1, r1);
      float vi = Moments.second(v[i], g, b2, r2);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi) / bc2Sqrt + epsF;
      theta[i] = theta[i] + stepSize * mi / denom;
    }
  }
}
