package org.sgd4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sgd4j.tensor.Tensor;

/**
 * An optimizer's state dict: named float32 tensors and named scalars, so it can be written as one
 * safetensors file (tensors as tensors, scalars in the metadata) and read back.
 *
 * <p>Keys follow {@code torch.optim.Optimizer.state_dict()} flattened with dots. Parameters are
 * numbered 0, 1, ... in the order of the groups and of the parameters within each group.
 * <ul>
 *   <li>{@code scalars["param_groups.G.<name>"]}: hyper-parameter {@code name} of group {@code G}
 *       (booleans as 0 or 1), e.g. {@code param_groups.0.lr};</li>
 *   <li>{@code scalars["param_groups.G.params"]}: the number of parameters in group G;</li>
 *   <li>{@code scalars["param_groups.G.initial_lr"]}: the group's {@code initialLr}, once a schedule set it;</li>
 *   <li>{@code scalars["state.I.<name>"]}: a scalar of parameter {@code I}'s state, e.g.
 *       {@code state.3.step};</li>
 *   <li>{@code tensors["state.I.<name>"]}: a buffer of parameter {@code I}'s state, e.g.
 *       {@code state.3.exp_avg}, {@code state.0.momentum_buffer}.</li>
 * </ul>
 * A parameter without state (never stepped, or without a gradient so far) has no {@code state.I.*}
 * key. The maps are unmodifiable and hold copies: later steps do not change a saved state dict.
 *
 * @param tensors named state buffers
 * @param scalars named hyper-parameters and scalar state (step counters and the like)
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> scalars) {
  /** Copies both maps, keeping their order. */
  public OptimizerState {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
  }
}
