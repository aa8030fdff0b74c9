package org.sgd4j.data;

/** Which part of a dataset: the training split or the test split. */
public enum Split {
  /** The training examples. */
  TRAIN,
  /** The held-out test examples. */
  TEST
}
