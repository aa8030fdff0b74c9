package org.sgd4j.finitesum;

/**
 * One row of a solver's trace.
 *
 * @param passes effective passes over the data, {@code gradientEvaluations / n}
 * @param gradientEvaluations number of {@code ∇f_i} evaluations so far (a full gradient counts {@code n})
 * @param seconds solver time so far, excluding the time spent recording the trace
 * @param suboptimality {@code f(x) − f*}
 * @param gradientNorm {@code ‖∇f(x)‖}
 * @param distance {@code ‖x − x*‖}
 */
public record TracePoint(double passes, long gradientEvaluations, double seconds, double suboptimality,
                         double gradientNorm, double distance) {}
