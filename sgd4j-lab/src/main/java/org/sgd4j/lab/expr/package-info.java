/**
 * Objectives of two variables given as strings ({@code 0.1*x1^2 + 2*x2^2}), parsed into a small
 * tree that evaluates in double precision or builds the autograd Tensor graph.
 */
package org.sgd4j.lab.expr;
