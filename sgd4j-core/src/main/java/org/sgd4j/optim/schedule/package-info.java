/**
 * Learning-rate schedules with PyTorch 1.13's {@code torch.optim.lr_scheduler} semantics (compared
 * against committed references from {@code reference/optim/generate_schedules.py}): they set the
 * {@code lr} of an optimizer's parameter groups once per {@code step()}.
 *
 * <ul>
 *   <li>Decays: {@link org.sgd4j.optim.schedule.StepLR}, {@link org.sgd4j.optim.schedule.MultiStepLR},
 *       {@link org.sgd4j.optim.schedule.PiecewiseConstantLR}, {@link org.sgd4j.optim.schedule.ExponentialLR},
 *       Dive into Deep Learning's {@link org.sgd4j.optim.schedule.ExponentialDecayLR} (η₀e^(−λt)) and
 *       {@link org.sgd4j.optim.schedule.InverseTimeDecayLR} (η₀(βt + 1)^(−α)),
 *       {@link org.sgd4j.optim.schedule.PolynomialLR}, {@link org.sgd4j.optim.schedule.CosineAnnealingLR}.</li>
 *   <li>Warm-up and cycles: {@link org.sgd4j.optim.schedule.LinearLR} (Goyal et al.'s warm-up),
 *       {@link org.sgd4j.optim.schedule.ConstantLR}, {@link org.sgd4j.optim.schedule.OneCycleLR}, and the
 *       {@link org.sgd4j.optim.schedule.LinearScalingRule}.</li>
 *   <li>Composition: {@link org.sgd4j.optim.schedule.SequentialLR}, {@link org.sgd4j.optim.schedule.ChainedScheduler},
 *       {@link org.sgd4j.optim.schedule.LambdaLR}.</li>
 *   <li>Feedback: {@link org.sgd4j.optim.schedule.ReduceLROnPlateau}.</li>
 * </ul>
 *
 * {@link org.sgd4j.optim.schedule.LrScheduler} explains where PyTorch's chainable form (what
 * {@code step()} uses) differs from the closed form (what {@code step(epoch)} uses).
 */
package org.sgd4j.optim.schedule;
