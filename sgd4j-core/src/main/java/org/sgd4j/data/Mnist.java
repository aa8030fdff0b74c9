package org.sgd4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST, the handwritten digits of LeCun, Cortes and Burges (http://yann.lecun.com/exdb/mnist/):
 * 28x28 grey-scale images of the digits 0-9, 60,000 for training and 10,000 for testing. As
 * {@code torchvision.datasets.MNIST} with {@code ToTensor()}: x has shape {@code (1, 28, 28)} with
 * values {@code pixel / 255}; y is the digit (as a float).
 *
 * <p>The directory holds {@code train-images-idx3-ubyte.gz} and the three other files, gzip or not
 * (the names {@code train-images.idx3-ubyte} etc. are accepted too).
 */
public final class Mnist {
  /** Number of classes. */
  public static final int NUM_CLASSES = 10;

  private Mnist() {}

  /** The 60,000 training examples, found by {@link DatasetRegistry#standard()} (verified). */
  public static TensorDataset train() throws IOException {
    return DatasetRegistry.standard().load("mnist", Split.TRAIN);
  }

  /** The 10,000 test examples, found by {@link DatasetRegistry#standard()} (verified). */
  public static TensorDataset test() throws IOException {
    return DatasetRegistry.standard().load("mnist", Split.TEST);
  }

  /** The 60,000 training examples from {@code dir}. */
  public static TensorDataset train(Path dir) throws IOException {
    return IdxImages.load(dir, "train", NUM_CLASSES);
  }

  /** The 10,000 test examples from {@code dir}. */
  public static TensorDataset test(Path dir) throws IOException {
    return IdxImages.load(dir, "t10k", NUM_CLASSES);
  }
}
