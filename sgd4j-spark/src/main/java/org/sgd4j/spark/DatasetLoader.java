package org.sgd4j.spark;

import java.io.Serializable;
import org.sgd4j.data.Dataset;

/**
 * Loads the training set where it runs (driver or executor), e.g.
 * {@code () -> FashionMnist.train(Path.of("/data/fashion-mnist"))}; it must give the same examples in
 * the same order everywhere. Checked exceptions are the loader's to wrap (e.g. in
 * {@link java.io.UncheckedIOException}).
 */
@FunctionalInterface
public interface DatasetLoader extends Serializable {
  /** The dataset. */
  Dataset load();
}
