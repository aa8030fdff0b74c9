package org.sgd4j.lab.d2l;

/**
 * One point of a run's curve, recorded every 200 examples as the chapter records it.
 *
 * @param examples examples seen so far
 * @param epoch examples / rows, the chapter's x axis
 * @param seconds training time so far (wall clock), without the time spent evaluating the loss
 * @param cpuSeconds the training thread's CPU time over the same intervals: steadier than the wall clock on a
 *     machine shared with other work
 * @param loss the loss ½(ŷ − y)² averaged over all rows
 * @param parameters w₁ … w₅ then b at this point
 */
public record RecordPoint(long examples, double epoch, double seconds, double cpuSeconds, double loss,
    float[] parameters) {}
