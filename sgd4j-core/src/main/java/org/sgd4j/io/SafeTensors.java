package org.sgd4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sgd4j.tensor.Shape;
import org.sgd4j.tensor.Tensor;

/**
 * Reads and writes safetensors files, the weight format of Hugging Face that PyTorch reads with
 * {@code safetensors.torch.load_file}.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}} (padded with spaces to a multiple of 8); then the byte buffer,
 * every tensor dense, row-major and little-endian at {@code [begin, end)} of the buffer.
 *
 * <p>Writing follows the reference implementation: tensors sorted by name (all are F32, so its
 * dtype-then-name order is the name order), laid out back to back, {@code __metadata__} first and
 * omitted when empty, compact JSON, header padded with spaces. Only F32 is written.
 *
 * <p>Reading is defensive, because a weight file may come from anywhere: the header length is
 * checked against the file size and against {@value #MAX_HEADER} bytes, the header must be valid
 * UTF-8 and strict JSON with no duplicate names, every entry must have a known dtype, non-negative
 * dimensions whose product times the element size equals its byte range, and the ranges must tile
 * the buffer exactly (no gap, no overlap, nothing after the last one), all before any tensor memory
 * is allocated. Other dtypes than F32 are converted to float32 (see {@link DType}).
 *
 * <p>Source: https://github.com/huggingface/safetensors (README "Format" and safetensors/src/tensor.rs).
 */
public final class SafeTensors {
  /** The largest header accepted, as the reference implementation (100 MB). */
  public static final long MAX_HEADER = 100_000_000L;
  private static final String METADATA = "__metadata__";

  private SafeTensors() {}

  // ---------------------------------------------------------------- writing

  /** Writes {@code tensors} (float32) and no metadata to {@code file}, atomically. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /** Writes {@code tensors} (float32) and the string {@code metadata} to {@code file}, atomically. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    byte[] header = header(tensors, metadata);
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
    AtomicFile.write(file, ch -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
      AtomicFile.writeFully(ch, len);
      AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
      ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : sorted.values()) {
        Tensor c = t.contiguous();
        float[] data = c.data();
        int off = c.storageOffset();
        int n = c.numel();
        for (int i = 0; i < n; i++) {
          if (block.remaining() < 4) {
            AtomicFile.writeFully(ch, block.flip());
            block.clear();
          }
          block.putFloat(data[off + i]);
        }
      }
      AtomicFile.writeFully(ch, block.flip());
    });
  }

  /** The padded header bytes for {@code tensors} in name order. */
  static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      json.put(METADATA, new TreeMap<>(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : new TreeMap<>(tensors).entrySet()) {
      if (e.getKey().equals(METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be called " + METADATA);
      }
      Tensor t = e.getValue();
      long bytes = 4L * t.numel();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", "F32");
      info.put("shape", t.shape());
      info.put("data_offsets", new long[] {offset, offset + bytes});
      json.put(e.getKey(), info);
      offset += bytes;
    }
    byte[] raw = Json.write(json).getBytes(StandardCharsets.UTF_8);
    int padded = (raw.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(raw, 0, out, 0, raw.length);
    for (int i = raw.length; i < padded; i++) {
      out[i] = ' ';
    }
    return out;
  }

  // ---------------------------------------------------------------- reading

  /** Reads every tensor of {@code file} as float32, with the header's metadata. */
  public static SafeTensorsFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new SafeTensorsException(file, 0, "file is " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lenBuf = readAt(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN);
      long n = lenBuf.getLong();
      if (n < 0 || n > MAX_HEADER) {
        throw new SafeTensorsException(file, 0, "header length " + Long.toUnsignedString(n)
            + " is larger than the limit of " + MAX_HEADER + " bytes");
      }
      if (n > size - 8) {
        throw new SafeTensorsException(file, 0, "header length " + n + " exceeds the " + (size - 8)
            + " bytes that follow it in the file");
      }
      String headerText = decodeUtf8(readAt(ch, 8, (int) n, file), file);
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = parseHeader(headerText, file, entries);
      long bufferStart = 8 + n;
      checkLayout(entries, size - bufferStart, bufferStart, file);

      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, DType> dtypes = new LinkedHashMap<>();
      for (Entry e : entries) {
        float[] data = new float[(int) e.numel];
        long pos = bufferStart + e.begin;
        int done = 0;
        while (done < data.length) {
          int count = (int) Math.min(data.length - done, (1 << 20) / e.dtype.size());
          ByteBuffer b = readAt(ch, pos, count * e.dtype.size(), file).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < count; i++) {
            data[done + i] = e.dtype.read(b);
          }
          done += count;
          pos += (long) count * e.dtype.size();
        }
        tensors.put(e.name, Tensor.wrap(data, e.shape));
        dtypes.put(e.name, e.dtype);
      }
      return new SafeTensorsFile(tensors, dtypes, metadata);
    }
  }

  private static final class Entry {
    final String name;
    final DType dtype;
    final int[] shape;
    final long numel;
    final long begin;
    final long end;

    Entry(String name, DType dtype, int[] shape, long numel, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.numel = numel;
      this.begin = begin;
      this.end = end;
    }
  }

  private static String decodeUtf8(ByteBuffer bytes, Path file) throws SafeTensorsException {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new SafeTensorsException(file, 8 + bytes.position(), "header is not valid UTF-8");
    }
  }

  private static Map<String, String> parseHeader(String text, Path file, List<Entry> entries)
      throws SafeTensorsException {
    if (!text.startsWith("{")) {
      throw new SafeTensorsException(file, 8, "header does not start with '{'");
    }
    Object root;
    try {
      root = Json.parse(text);
    } catch (JsonException e) {
      throw new SafeTensorsException(file, 8, "header is not valid JSON: " + e.getMessage());
    }
    if (!(root instanceof Map)) {
      throw new SafeTensorsException(file, 8, "header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA)) {
        if (!(e.getValue() instanceof Map)) {
          throw new SafeTensorsException(file, 8, METADATA + " must be an object of strings");
        }
        for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
          if (!(m.getValue() instanceof String)) {
            throw new SafeTensorsException(file, 8, METADATA + " value of \"" + m.getKey() + "\" is not a string");
          }
          metadata.put((String) m.getKey(), (String) m.getValue());
        }
        continue;
      }
      entries.add(entry(name, e.getValue(), file));
    }
    return metadata;
  }

  private static Entry entry(String name, Object value, Path file) throws SafeTensorsException {
    String where = "tensor \"" + name + "\": ";
    if (!(value instanceof Map)) {
      throw new SafeTensorsException(file, 8, where + "entry is not an object");
    }
    Map<?, ?> info = (Map<?, ?>) value;
    for (Object key : info.keySet()) {
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw new SafeTensorsException(file, 8, where + "unknown field \"" + key + "\"");
      }
    }
    Object dt = info.get("dtype");
    if (!(dt instanceof String)) {
      throw new SafeTensorsException(file, 8, where + "missing or non-string \"dtype\"");
    }
    DType dtype = DType.byName((String) dt);
    if (dtype == null) {
      throw new SafeTensorsException(file, 8, where + "unsupported dtype " + dt
          + " (sgd4j reads F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
    }
    List<Long> dims = longs(info.get("shape"), where + "\"shape\"", file, -1);
    int[] shape = new int[dims.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = dims.get(i);
      if (d < 0) {
        throw new SafeTensorsException(file, 8, where + "negative dimension " + d + " in shape " + dims);
      }
      if (d > Integer.MAX_VALUE) {
        throw new SafeTensorsException(file, 8, where + "dimension " + d + " in shape " + dims + " is too large");
      }
      shape[i] = (int) d;
      numel = multiplyOrFail(numel, d, where, dims, file);
    }
    if (numel > Integer.MAX_VALUE - 8) {
      throw new SafeTensorsException(file, 8, where + "shape " + dims + " has " + numel
          + " elements, more than a Java array can hold");
    }
    List<Long> offsets = longs(info.get("data_offsets"), where + "\"data_offsets\"", file, 2);
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (begin < 0 || end < begin) {
      throw new SafeTensorsException(file, 8, where + "invalid data_offsets [" + begin + ", " + end + "]");
    }
    long bytes = numel * dtype.size();
    if (end - begin != bytes) {
      throw new SafeTensorsException(file, 8, where + "shape " + Shape.format(shape) + " of " + dtype + " needs "
          + bytes + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
    }
    return new Entry(name, dtype, shape, numel, begin, end);
  }

  private static long multiplyOrFail(long a, long b, String where, List<Long> dims, Path file)
      throws SafeTensorsException {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new SafeTensorsException(file, 8, where + "shape " + dims + " has too many elements");
    }
  }

  private static List<Long> longs(Object v, String what, Path file, int expectedLength) throws SafeTensorsException {
    if (!(v instanceof List)) {
      throw new SafeTensorsException(file, 8, what + " is missing or not an array");
    }
    List<Long> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      if (!(o instanceof Long)) {
        throw new SafeTensorsException(file, 8, what + " holds " + o + ", not an integer");
      }
      out.add((Long) o);
    }
    if (expectedLength >= 0 && out.size() != expectedLength) {
      throw new SafeTensorsException(file, 8, what + " has " + out.size() + " values, expected " + expectedLength);
    }
    return out;
  }

  /** The byte ranges, in order of their start, must tile [0, bufferSize) exactly. */
  private static void checkLayout(List<Entry> entries, long bufferSize, long bufferStart, Path file)
      throws SafeTensorsException {
    entries.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long expected = 0;
    for (Entry e : entries) {
      if (e.begin != expected) {
        String what = e.begin < expected ? "overlaps the previous tensor" : "leaves a gap of " + (e.begin - expected)
            + " bytes after the previous tensor";
        throw new SafeTensorsException(file, bufferStart + e.begin, "tensor \"" + e.name + "\" at data_offsets ["
            + e.begin + ", " + e.end + "] " + what + " (expected it to start at " + expected + ")");
      }
      if (e.end > bufferSize) {
        throw new SafeTensorsException(file, bufferStart + e.begin, "tensor \"" + e.name + "\" at data_offsets ["
            + e.begin + ", " + e.end + "] runs past the end of the " + bufferSize + "-byte buffer");
      }
      expected = e.end;
    }
    if (expected != bufferSize) {
      throw new SafeTensorsException(file, bufferStart + expected, "the tensors cover " + expected
          + " bytes but the buffer after the header is " + bufferSize + " bytes");
    }
  }

  private static ByteBuffer readAt(FileChannel ch, long pos, int length, Path file) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r < 0) {
        throw new SafeTensorsException(file, pos + b.position(), "unexpected end of file");
      }
    }
    return b.flip();
  }
}
