/**
 * Datasets, loaders and the readers of the publishers' formats.
 *
 * <ul>
 *   <li>Loading: {@link org.sgd4j.data.Dataset} / {@link org.sgd4j.data.TensorDataset}, the
 *       {@link org.sgd4j.data.DataLoader} (shuffle with a fresh seeded permutation per epoch, drop-last,
 *       sampling with replacement, sharding for data-parallel workers, background prefetch, exact
 *       resume from a {@link org.sgd4j.data.LoaderState}) and the {@link org.sgd4j.data.Sampler}s
 *       (sequential, random, weighted with O(log n) draws).
 *   <li>Readers, streaming from plain or gzip files: {@link org.sgd4j.data.Idx} (MNIST,
 *       Fashion-MNIST), {@link org.sgd4j.data.Cifar10} binary batches, {@link org.sgd4j.data.Csv}
 *       (CSV/TSV), {@link org.sgd4j.data.LibSvm} (svmlight, into a {@link org.sgd4j.data.CsrMatrix};
 *       {@link org.sgd4j.data.CsrDataset} batches it without a dense copy).
 *       Bad content raises {@link org.sgd4j.data.DataFormatException} naming the file, the line or byte
 *       offset and what was expected, and nothing else (a fuzz test holds every reader to this).
 *   <li>Datasets by name with verified local copies or downloads: {@link org.sgd4j.data.DatasetRegistry};
 *       generated data with a known truth: {@link org.sgd4j.data.Synthetic}.
 *   <li>Transforms: {@link org.sgd4j.data.Standardizer} (training-split statistics),
 *       {@link org.sgd4j.data.Transforms} (pixel scaling, normalise, flatten, one-hot).
 * </ul>
 */
package org.sgd4j.data;
