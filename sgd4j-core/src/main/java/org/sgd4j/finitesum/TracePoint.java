package org.sgd4j.finitesum;

/**
 * One row of a solver's trace.
 *
 * @param passes effective passes over the data, {@code gradientEvaluations / n}
 * @param gradientEvaluations number of {@code ∇f_i} evaluations so far (a full gradient counts {@code n})
 * @param seconds solver wall-clock time so far, excluding the time spent recording the trace
 * @param cpuSeconds the same in CPU time of the solver's thread (steadier on a loaded machine)
 * @param suboptimality {@code f(x) − f*}
 * @param gradientNorm {@code ‖∇f(x)‖}
 * @param distance {@code ‖x − x*‖}
 */
public record TracePoint(double passes, long gradientEvaluations, double seconds, double cpuSeconds,
                         double suboptimality,
                         double gradientNorm, double distance) {}
