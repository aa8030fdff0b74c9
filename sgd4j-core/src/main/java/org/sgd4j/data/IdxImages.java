package org.sgd4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sgd4j.tensor.Tensor;

/**
 * Builds an image-classification {@link TensorDataset} from a pair of IDX files (images of rank 3,
 * labels of rank 1): x of shape {@code (N, 1, H, W)} with pixels scaled to [0, 1] as torchvision's
 * {@code ToTensor} ({@code pixel / 255}), y the class indices as floats. The shared loader of
 * {@link Mnist} and {@link FashionMnist}.
 */
final class IdxImages {
  private static final float[] SCALE = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      SCALE[i] = i / 255f;
    }
  }

  private IdxImages() {}

  /** Loads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]} from {@code dir}. */
  static TensorDataset load(Path dir, String prefix, int numClasses) throws IOException {
    Path images = find(dir, prefix + "-images-idx3-ubyte", prefix + "-images.idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte", prefix + "-labels.idx1-ubyte");
    IdxArray y = Idx.read(labels, 1);
    IdxArray x = Idx.read(images, 3);
    return toDataset(x, images.toString(), y, labels.toString(), numClasses);
  }

  /** The dataset of the given image and label arrays; checks the counts and the label range. */
  static TensorDataset toDataset(IdxArray x, String imagesSource, IdxArray y, String labelsSource, int numClasses)
      throws DataFormatException {
    int n = x.shape()[0];
    if (y.shape()[0] != n) {
      throw DataFormatException.atOffset(labelsSource, 4, y.shape()[0] + " labels, but " + imagesSource
          + " has " + n + " images");
    }
    byte[] lb = y.data();
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      int c = lb[i] & 0xff;
      if (c >= numClasses) {
        throw DataFormatException.atOffset(labelsSource, 8 + i, "label " + c + " of example " + i
            + " outside the class range [0, " + numClasses + ")");
      }
      labels[i] = c;
    }
    byte[] px = x.data();
    float[] pixels = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      pixels[i] = SCALE[px[i] & 0xff];
    }
    int h = x.shape()[1];
    int w = x.shape()[2];
    return new TensorDataset(Tensor.wrap(pixels, n, 1, h, w), Tensor.wrap(labels, n));
  }

  private static Path find(Path dir, String... names) throws NoSuchFileException {
    List<String> tried = new ArrayList<>();
    for (String name : names) {
      for (String candidate : new String[] {name + ".gz", name}) {
        Path p = dir.resolve(candidate);
        if (Files.isRegularFile(p)) {
          return p;
        }
        tried.add(p.toString());
      }
    }
    throw new NoSuchFileException(dir.toString(), null, "none of " + tried + " exists");
  }
}
