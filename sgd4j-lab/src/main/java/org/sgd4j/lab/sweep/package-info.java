/**
 * Hyper-parameter sweeps (the notes' batch-size, learning-rate, momentum and optimizer demos): the
 * runs' learning curves overlaid in one figure and a summary table.
 */
package org.sgd4j.lab.sweep;
