package org.sgd4j.data;

/**
 * How the labels of a binary-classification file are reported.
 *
 * <ul>
 *   <li>{@link #AS_IS}: the numbers in the file, unchanged (regression targets, class indices).
 *   <li>{@link #PLUS_MINUS_ONE}: the ±1 convention of the notes' logistic and hinge losses. Labels
 *       already in {-1, +1} stay; labels in {0, 1} map 0 → -1, 1 → +1; any other pair of two
 *       distinct values maps the smaller to -1 and the larger to +1 (LIBSVM's {@code mushrooms} uses
 *       1/2). More than two distinct values is an error.
 * </ul>
 */
public enum LabelMapping {
  /** The labels as written in the file. */
  AS_IS,
  /** Binary labels mapped to -1 and +1. */
  PLUS_MINUS_ONE
}
