/**
 * Iterate traces on 2-D objectives (d2l.ai chapter 11): gradient descent, momentum, Adagrad,
 * RMSProp, Adam and noisy SGD under step schedules, run with the library's optimizers on a
 * 2-element parameter tensor and drawn over the objective's contour lines.
 */
package org.sgd4j.lab.trace;
