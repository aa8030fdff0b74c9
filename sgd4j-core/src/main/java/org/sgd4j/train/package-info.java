/**
 * The training loop of the notes and of the PyTorch quickstart as a reusable
 * {@link org.sgd4j.train.Trainer}: train and test loops, per-epoch history, a divergence stop, and
 * {@link org.sgd4j.train.Callback}s for logging, progress, learning-rate schedules, early stopping,
 * checkpoints ({@link org.sgd4j.train.Checkpoint}: resume continues bit for bit) and CSV/JSON metrics.
 */
package org.sgd4j.train;
