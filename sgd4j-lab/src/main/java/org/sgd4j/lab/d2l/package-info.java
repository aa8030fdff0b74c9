/**
 * The airfoil experiments of the notes' optimization chapter (d2l.ai chapter 11), run for run: linear
 * regression on the standardised airfoil data ({@link org.sgd4j.lab.d2l.AirfoilProblem}), trained by the
 * chapter's own from-scratch update rules ({@link org.sgd4j.lab.d2l.UpdateRule} and its implementations)
 * and by sgd4j's torch.optim-exact optimizers ({@link org.sgd4j.lab.d2l.ConciseLearner}), recording the
 * loss over all rows every 200 examples ({@link org.sgd4j.lab.d2l.D2lRunner}); the catalogue of runs
 * ({@link org.sgd4j.lab.d2l.D2lRuns}), repeats over seeds ({@link org.sgd4j.lab.d2l.D2lExperiment}) and
 * the report beside PyTorch's figures ({@link org.sgd4j.lab.d2l.D2lReport}).
 */
package org.sgd4j.lab.d2l;
