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

  static void apply(Tensor param, float[] g, ParamState state, double lr, double beta1, double beta2, double eps,
                    boolean amsgrad) {
    int n = param.numel();
    float[] m = state.tensor("exp_avg", () -> Dense.zerosLike(param)).data();
    float[] v = state.tensor("exp_avg_sq", () -> Dense.zerosLike(param)).data();
    float[] vMax = amsgrad ? state.tensor("max_exp_avg_sq", () -> Dense.zerosLike(param)).data() : null;
    long t = state.incrementStep();
    Moments.first(m, g, n, beta1);
    Moments.second(v, g, n, beta2);
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    float stepSize = (float) -(lr / biasCorrection1);
    float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
    float epsF = (float) eps;
    float[] vHat = v;
    if (amsgrad) {
      for (int i = 0; i < n; i++) {
        vMax[i] = Math.max(vMax[i], v[i]);
      }
      vHat = vMax;
    }
    float[] theta = param.data();
    int po = param.storageOffset();
    for (int i = 0; i < n; i++) {
      float denom = (float) Math.sqrt(vHat[i]) / bc2Sqrt + epsF;
      theta[po + i] = theta[po + i] + stepSize * m[i] / denom;
    }
    Dense.markModified(param);
  }
}
