package org.sgd4j.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sgd4j.optim.OptimizerState;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * The driver's whole state after {@code step} steps — weights, optimizer state, the position in the
 * shared order — written through the Hadoop {@link FileSystem} API (local files, HDFS, S3A) as
 * {@code step-<step>.ckpt}: first to a hidden temporary file, then renamed into place, so a reader
 * sees either a complete checkpoint or none. The last two checkpoints are kept.
 *
 * <p>Layout (big-endian): magic {@code SGD4JSPK}, version 2, step, epoch, the order generator's state
 * and pending deviate at the start of that epoch, the parameters (rank, dims, floats each), the
 * optimizer's tensors (key, rank, dims, floats) and scalars (key, value), the caller's state (a JSON
 * text: byte count, UTF-8 bytes; absent in version 1), then a CRC-32 of all that.
 *
 * @param step the number of steps taken
 * @param epoch the epoch of step {@code step}
 * @param rngState the order generator's state at the start of {@code epoch}
 * @param pendingGaussian its pending normal deviate (NaN if none)
 * @param weights the parameters, in parameter order
 * @param optimizer the optimizer's state dict
 * @param callerState the state of the training loop's caller ({@link SparkTrainer.CallerState}) as JSON, "{}" if none
 */
record DriverCheckpoint(long step, long epoch, long rngState, double pendingGaussian, List<Tensor> weights,
                        OptimizerState optimizer, String callerState) {
  private static final byte[] MAGIC = "SGD4JSPK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int VERSION = 2;
  private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.ckpt");

  /** Writes this checkpoint into {@code dir} (temporary file, then rename) and prunes older ones. */
  void write(String dir, Configuration conf) {
    Path d = new Path(dir);
    Path target = new Path(d, String.format("step-%012d.ckpt", step));
    Path tmp = new Path(d, "." + target.getName() + ".tmp");
    try {
      FileSystem fs = d.getFileSystem(conf);
      fs.mkdirs(d);
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(tmp, true), 1 << 16))) {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
        DataOutputStream body = new DataOutputStream(checked);
        writeBody(body);
        body.flush();
        out.writeLong(checked.getChecksum().getValue());
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
      List<Long> steps = steps(fs, d);
      for (int i = 0; i + 2 < steps.size(); i++) {
        fs.delete(new Path(d, String.format("step-%012d.ckpt", steps.get(i))), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  private void writeBody(DataOutputStream out) throws IOException {
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeLong(step);
    out.writeLong(epoch);
    out.writeLong(rngState);
    out.writeDouble(pendingGaussian);
    out.writeInt(weights.size());
    for (Tensor w : weights) {
      writeTensor(out, w);
    }
    out.writeInt(optimizer.tensors().size());
    for (Map.Entry<String, Tensor> e : optimizer.tensors().entrySet()) {
      out.writeUTF(e.getKey());
      writeTensor(out, e.getValue());
    }
    out.writeInt(optimizer.scalars().size());
    for (Map.Entry<String, Double> e : optimizer.scalars().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
    byte[] caller = callerState.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(caller.length);
    out.write(caller);
  }

  private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
    int[] shape = t.shape();
    out.writeInt(shape.length);
    for (int s : shape) {
      out.writeInt(s);
    }
    for (float v : t.toArray()) {
      out.writeFloat(v);
    }
  }

  /** The latest checkpoint in {@code dir}, or null if there is none (or the directory does not exist). */
  static DriverCheckpoint latest(String dir, Configuration conf) {
    Path d = new Path(dir);
    try {
      FileSystem fs = d.getFileSystem(conf);
      if (!fs.exists(d)) {
        return null;
      }
      List<Long> steps = steps(fs, d);
      if (steps.isEmpty()) {
        return null;
      }
      return read(fs, new Path(d, String.format("step-%012d.ckpt", steps.get(steps.size() - 1))));
    } catch (IOException e) {
      throw new UncheckedIOException("reading checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static List<Long> steps(FileSystem fs, Path dir) throws IOException {
    List<Long> steps = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      Matcher m = NAME.matcher(st.getPath().getName());
      if (m.matches()) {
        steps.add(Long.parseLong(m.group(1)));
      }
    }
    steps.sort(null);
    return steps;
  }

  static DriverCheckpoint read(FileSystem fs, Path file) throws IOException {
    try (FSDataInputStream opened = fs.open(file)) {
      java.io.InputStream raw = new java.io.BufferedInputStream(opened, 1 << 16);
      CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
      DataInputStream in = new DataInputStream(checked);
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + ": not an sgd4j-spark checkpoint (bad magic at byte 0)");
      }
      int version = in.readInt();
      if (version != 1 && version != VERSION) {
        throw new IOException(file + ": unsupported checkpoint version " + version + " at byte 8 (expected 1 or "
            + VERSION + ")");
      }
      long step = in.readLong();
      long epoch = in.readLong();
      long rngState = in.readLong();
      double gauss = in.readDouble();
      int count = in.readInt();
      List<Tensor> weights = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        weights.add(readTensor(in, file));
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      int nt = in.readInt();
      for (int i = 0; i < nt; i++) {
        String key = in.readUTF();
        tensors.put(key, readTensor(in, file));
      }
      Map<String, Double> scalars = new LinkedHashMap<>();
      int ns = in.readInt();
      for (int i = 0; i < ns; i++) {
        String key = in.readUTF();
        scalars.put(key, in.readDouble());
      }
      String caller = "{}";
      if (version >= 2) {
        int length = in.readInt();
        if (length < 0 || length > (1 << 30)) {
          throw new IOException(file + ": implausible length " + length + " of the caller's state");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        caller = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      }
      long expected = checked.getChecksum().getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new IOException(file + ": checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
            + Long.toHexString(expected) + "): the file is damaged");
      }
      return new DriverCheckpoint(step, epoch, rngState, gauss, weights, new OptimizerState(tensors, scalars), caller);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated checkpoint", e);
    }
  }

  private static Tensor readTensor(DataInputStream in, Path file) throws IOException {
    int rank = in.readInt();
    if (rank < 0 || rank > 16) {
      throw new IOException(file + ": implausible tensor rank " + rank);
    }
    int[] shape = new int[rank];
    long numel = 1;
    for (int d = 0; d < rank; d++) {
      shape[d] = in.readInt();
      if (shape[d] < 0) {
        throw new IOException(file + ": negative dimension in shape " + Arrays.toString(shape));
      }
      numel *= shape[d];
    }
    if (numel > Integer.MAX_VALUE) {
      throw new IOException(file + ": tensor of shape " + Shape.format(shape) + " is too large");
    }
    float[] data = new float[(int) numel];
    for (int i = 0; i < data.length; i++) {
      data[i] = in.readFloat();
    }
    return Tensor.wrap(data, shape);
  }
}
