package org.sgd4j.train.parallel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sgd4j.autograd.Autograd;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.tensor.Tensor;

/**
 * The gradient of one worker's mini-batch loss with respect to the model's parameters, computed
 * without touching the parameters' shared {@code grad()} fields:
 *
 * <pre>
 *   L_m(θ) = loss(model_θ(x_m), y_m)        (the loss's own reduction, usually the mean over the batch)
 *   g_m    = ∇_θ L_m(θ)                      (torch.autograd.grad(L_m, params, allow_unused=True))
 * </pre>
 *
 * <p>Each worker runs the forward pass on its own batch, so it owns its own activations and its own
 * gradient tensors; the parameters are only read. That is what lets several workers share one set of
 * weights (the notes' synchronous data parallelism: M processes, one batch each, gradients averaged).
 *
 * @param gradients one tensor per parameter, in parameter order; {@code null} for a parameter the
 *     loss does not depend on
 * @param loss the value of L_m
 * @param examples the number of examples in the batch (its first dimension)
 */
public record BatchGradient(List<Tensor> gradients, double loss, int examples) {
  /** Keeps an unmodifiable copy of the list (which may hold nulls). */
  public BatchGradient {
    gradients = Collections.unmodifiableList(new ArrayList<>(gradients));
    if (examples < 1) {
      throw new IllegalArgumentException("BatchGradient: a batch needs at least one example, got " + examples);
    }
  }

  /**
   * Computes L_m and g_m for the batch {@code (x, y)}: forward, loss, reverse pass.
   *
   * @param params the tensors to differentiate with respect to (leaves that require grad), usually
   *     {@code model.parameters()}
   * @throws IllegalArgumentException if the batch is empty, or a parameter does not require grad
   */
  public static BatchGradient of(Module model, Loss loss, List<Tensor> params, Tensor x, Tensor y) {
    Tensor value = lossOf(model, loss, x, y);
    List<Tensor> grads = Autograd.grad(value, params, null, false, false, true);
    return new BatchGradient(grads, value.item(), x.size(0));
  }

  /**
   * {@link #of(Module, Loss, List, Tensor, Tensor)} computed into the caller's gradient buffers
   * ({@link Autograd#gradInto}), so that a worker that keeps its buffers from step to step allocates no
   * gradient memory: the same bits. The result's gradients are the buffers themselves ({@code null}
   * for a parameter the loss does not depend on), valid until the buffers are written again.
   *
   * @param buffers one tensor per parameter, shaped like it (e.g. from {@link #buffersFor}); overwritten
   * @throws IllegalArgumentException as {@link #of(Module, Loss, List, Tensor, Tensor)}, or if the
   *     buffers do not match the parameters (the message names both shapes)
   */
  public static BatchGradient of(Module model, Loss loss, List<Tensor> params, Tensor x, Tensor y,
                                 List<Tensor> buffers) {
    if (buffers.size() != params.size()) {
      throw new IllegalArgumentException("BatchGradient: got " + buffers.size() + " gradient buffers for "
          + params.size() + " parameters");
    }
    Tensor value = lossOf(model, loss, x, y);
    boolean[] used = Autograd.gradInto(value, params, buffers, null, false, true);
    List<Tensor> grads = new ArrayList<>(params.size());
    for (int p = 0; p < params.size(); p++) {
      grads.add(used[p] ? buffers.get(p) : null);
    }
    return new BatchGradient(grads, value.item(), x.size(0));
  }

  /** Gradient buffers for {@link #of(Module, Loss, List, Tensor, Tensor, List)}: zeros shaped like each parameter. */
  public static List<Tensor> buffersFor(List<Tensor> params) {
    List<Tensor> buffers = new ArrayList<>(params.size());
    for (Tensor p : params) {
      buffers.add(Tensor.zeros(p.shape()));
    }
    return buffers;
  }

  /** L_m: forward and loss, checked to be a scalar over a non-empty batch. */
  private static Tensor lossOf(Module model, Loss loss, Tensor x, Tensor y) {
    if (x.dim() == 0 || x.size(0) == 0) {
      throw new IllegalArgumentException("BatchGradient: empty batch (input of shape "
          + java.util.Arrays.toString(x.shape()) + ")");
    }
    Tensor value = loss.apply(model.forward(x), y);
    if (value.numel() != 1) {
      throw new IllegalArgumentException("BatchGradient: the loss must be a scalar (reduction MEAN or SUM), but "
          + loss + " gave shape " + java.util.Arrays.toString(value.shape()));
    }
    return value;
  }
}
