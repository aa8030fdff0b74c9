/**
 * The finite-sum lab: {@code min f(x) = (1/n) Σ f_i(x)} in double precision, with {@code f*} known,
 * so that the rates of the notes' second half can be measured ("the notes" in this package are
 * Merkulov's notes on finite-sum methods, the last of the README's course notes).
 *
 * <p>Problems ({@link org.sgd4j.finitesum.FiniteSum}): {@link org.sgd4j.finitesum.LeastSquares},
 * L2-regularised {@link org.sgd4j.finitesum.LogisticRegression} (both over dense or sparse
 * {@link org.sgd4j.data.CsrMatrix} rows, e.g. from {@code org.sgd4j.data.LibSvm}),
 * {@link org.sgd4j.finitesum.Quadratic} with a chosen spectrum and known gradient noise, and the
 * generic {@link org.sgd4j.finitesum.ModelProblem} over any per-example loss and gradient.
 * {@link org.sgd4j.finitesum.Optimum#of} computes {@code x*} and {@code f*} once per problem.
 *
 * <p>Solvers ({@link org.sgd4j.finitesum.Solver}): {@link org.sgd4j.finitesum.GradientDescent},
 * {@link org.sgd4j.finitesum.Sgd} (any {@link org.sgd4j.finitesum.StepSchedule}, mini-batches),
 * {@link org.sgd4j.finitesum.Sag}, {@link org.sgd4j.finitesum.Saga}, {@link org.sgd4j.finitesum.Svrg},
 * {@link org.sgd4j.finitesum.Newton}, {@link org.sgd4j.finitesum.Adagrad},
 * {@link org.sgd4j.finitesum.RmsProp}, {@link org.sgd4j.finitesum.Adam}. On linear models with sparse
 * rows SGD, SAG, SAGA and SVRG cost O(nnz) per pass (L2 term applied just in time).
 *
 * <pre>{@code
 * LibSvmData a9a = LibSvm.read(path, LibSvm.options().dimension(123).labels(LabelMapping.PLUS_MINUS_ONE));
 * var problem = new LogisticRegression(a9a.features(), a9a.labels(), 1.0 / a9a.n());
 * var result = Comparison.run(problem, SolverConfig.parseList("gd,sgd,sag,saga,svrg"), 30, 42, 1);
 * TraceWriters.writeJson(result, writer);   // {"f_star": ..., "solvers": [{"name", "passes", ...}]}
 * }</pre>
 */
package org.sgd4j.finitesum;
