package org.sgd4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, arXiv:1708.07747): 28x28 grey-scale images of 10
 * kinds of clothing, 60,000 for training and 10,000 for testing, in the IDX format of MNIST. As
 * {@code torchvision.datasets.FashionMNIST} with {@code ToTensor()}: x has shape {@code (1, 28, 28)}
 * with values {@code pixel / 255} in [0, 1]; y is the class index (as a float).
 *
 * <p>The directory holds {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (or the uncompressed files).
 * {@link DatasetRegistry} finds such a directory by name ({@code "fashion-mnist"}).
 */
public final class FashionMnist {
  /** The class names, index 0 to 9. */
  public static final java.util.List<String> CLASSES = java.util.List.of("T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** The 60,000 training examples, found by {@link DatasetRegistry#standard()} (verified). */
  public static TensorDataset train() throws IOException {
    return DatasetRegistry.standard().load("fashion-mnist", Split.TRAIN);
  }

  /** The 10,000 test examples, found by {@link DatasetRegistry#standard()} (verified). */
  public static TensorDataset test() throws IOException {
    return DatasetRegistry.standard().load("fashion-mnist", Split.TEST);
  }

  /** The 60,000 training examples from {@code dir}. */
  public static TensorDataset train(Path dir) throws IOException {
    return IdxImages.load(dir, "train", CLASSES.size());
  }

  /** The 10,000 test examples from {@code dir}. */
  public static TensorDataset test(Path dir) throws IOException {
    return IdxImages.load(dir, "t10k", CLASSES.size());
  }
}
