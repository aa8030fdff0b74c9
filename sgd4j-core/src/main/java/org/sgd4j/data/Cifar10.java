package org.sgd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * CIFAR-10 (Krizhevsky, "Learning multiple layers of features from tiny images", 2009,
 * https://www.cs.toronto.edu/~kriz/cifar.html), binary version: 32x32 colour images of 10 classes,
 * 50,000 for training in {@code data_batch_1.bin} .. {@code data_batch_5.bin} and 10,000 for testing in
 * {@code test_batch.bin}. Each record is 3073 bytes: the label (0-9), then 1024 red, 1024 green and
 * 1024 blue pixel bytes, each plane row-major. As {@code torchvision.datasets.CIFAR10} with
 * {@code ToTensor()}: x has shape {@code (3, 32, 32)} with values {@code pixel / 255}, y the class.
 *
 * <p>Checks ({@link DataFormatException}): a file length that is not a whole number of records
 * (checked before allocating), a label above 9 (named with its byte offset). The directory may hold the
 * batches directly or in the tarball's {@code cifar-10-batches-bin/} folder.
 */
public final class Cifar10 {
  /** The class names, index 0 to 9. */
  public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");
  /** Bytes per record: 1 label + 3 x 32 x 32 pixels. */
  public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  private static final int PIXELS = 3 * 32 * 32;
  private static final float[] SCALE = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      SCALE[i] = i / 255f;
    }
  }

  private Cifar10() {}

  /** The 50,000 training examples (data_batch_1..5.bin). */
  public static TensorDataset train(Path dir) throws IOException {
    Path base = base(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      files.add(require(base.resolve("data_batch_" + i + ".bin")));
    }
    return readBatches(files);
  }

  /** The 10,000 test examples (test_batch.bin). */
  public static TensorDataset test(Path dir) throws IOException {
    return readBatches(List.of(require(base(dir).resolve("test_batch.bin"))));
  }

  /** The records of the given batch files, concatenated in order. */
  public static TensorDataset readBatches(List<Path> files) throws IOException {
    long total = 0;
    for (Path f : files) {
      long size = Files.size(f);
      if (size % RECORD_BYTES != 0) {
        throw DataFormatException.atOffset(f.toString(), size - size % RECORD_BYTES, "file length " + size
            + " is not a whole number of " + RECORD_BYTES + "-byte records (1 label + 3072 pixels)");
      }
      total += size / RECORD_BYTES;
    }
    if (total * PIXELS > Integer.MAX_VALUE - 8) {
      throw new DataFormatException(files.get(0).toString(), 0, -1, total + " records are more than a Java array holds");
    }
    int n = (int) total;
    float[] x = new float[n * PIXELS];
    float[] y = new float[n];
    int row = 0;
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        row = readInto(in, f.toString(), Files.size(f) / RECORD_BYTES, x, y, row);
      }
    }
    return new TensorDataset(Tensor.wrap(x, n, 3, 32, 32), Tensor.wrap(y, n));
  }

  /**
   * Reads one batch from a stream of unknown length; records are read until the end of the stream
   * and a partial last record is an error. The stream is not closed.
   */
  public static TensorDataset readBatch(InputStream in, String source) throws IOException {
    List<float[]> xs = new ArrayList<>();
    List<Float> ys = new ArrayList<>();
    byte[] rec = new byte[RECORD_BYTES];
    long offset = 0;
    while (true) {
      int got = readRecord(in, rec);
      if (got == 0) {
        break;
      }
      if (got < RECORD_BYTES) {
        throw DataFormatException.atOffset(source, offset + got, "truncated record " + (offset / RECORD_BYTES)
            + ": " + got + " of " + RECORD_BYTES + " bytes");
      }
      float[] x = new float[PIXELS];
      ys.add((float) decode(rec, x, 0, source, offset));
      xs.add(x);
      offset += RECORD_BYTES;
    }
    int n = xs.size();
    float[] x = new float[n * PIXELS];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(xs.get(i), 0, x, i * PIXELS, PIXELS);
      y[i] = ys.get(i);
    }
    return new TensorDataset(Tensor.wrap(x, n, 3, 32, 32), Tensor.wrap(y, n));
  }

  private static int readInto(InputStream in, String source, long records, float[] x, float[] y, int row)
      throws IOException {
    byte[] rec = new byte[RECORD_BYTES];
    for (long r = 0; r < records; r++) {
      int got = readRecord(in, rec);
      if (got < RECORD_BYTES) {
        throw DataFormatException.atOffset(source, r * RECORD_BYTES + got, "file shrank while being read");
      }
      y[row] = decode(rec, x, row * PIXELS, source, r * RECORD_BYTES);
      row++;
    }
    return row;
  }

  private static int decode(byte[] rec, float[] x, int at, String source, long offset) throws DataFormatException {
    int label = rec[0] & 0xff;
    if (label >= CLASSES.size()) {
      throw DataFormatException.atOffset(source, offset, "label " + label + " of record " + (offset / RECORD_BYTES)
          + " outside the class range [0, 10)");
    }
    for (int i = 0; i < PIXELS; i++) {
      x[at + i] = SCALE[rec[1 + i] & 0xff];
    }
    return label;
  }

  private static int readRecord(InputStream in, byte[] rec) throws IOException {
    int filled = 0;
    while (filled < rec.length) {
      int n = in.read(rec, filled, rec.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  private static Path base(Path dir) {
    Path nested = dir.resolve("cifar-10-batches-bin");
    return Files.isDirectory(nested) ? nested : dir;
  }

  private static Path require(Path p) throws NoSuchFileException {
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(p.toString(), null, "CIFAR-10 batch file missing");
    }
    return p;
  }
}
