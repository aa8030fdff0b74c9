package org.sgd4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset the {@link DatasetRegistry} can find by name: the files that make a good copy, where the
 * publisher serves them, and how to load a split from a directory that holds them.
 *
 * @param name the registry name, e.g. {@code "fashion-mnist"}
 * @param files the files a directory must hold (all verified)
 * @param baseUrls publisher URLs to download from, tried in order; a file's URL is base + file name
 *     (or base + archive name when {@code archive} is set)
 * @param archive a {@code .tar.gz} served instead of the files, unpacked into {@code innerDir}; or null
 * @param innerDir a sub-directory where the files may sit (the archive's folder), or null
 * @param loader reads a split from the directory holding the files
 */
public record DatasetSpec(String name, List<DataFileSpec> files, List<String> baseUrls, DataFileSpec archive,
    String innerDir, Loader loader) {

  /** Reads a split of the dataset from a directory with verified files. */
  @FunctionalInterface
  public interface Loader {
    /** The examples of {@code split} from {@code dir}. */
    TensorDataset load(Path dir, Split split) throws IOException;
  }

  /** Copies the lists. */
  public DatasetSpec {
    files = List.copyOf(files);
    baseUrls = List.copyOf(baseUrls);
  }
}
