package org.sgd4j.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every reader on thousands of mutated inputs (bit flips, interesting bytes, truncation, deletion,
 * duplication and insertion of ranges, applied 1-4 times to real and synthetic files, raw and gzip):
 * each input either parses or raises {@link DataFormatException} — never another exception type,
 * never an OutOfMemoryError, never a hang (the surefire run would not finish).
 */
class ReaderFuzzTest {
  private static final byte[] INTERESTING = {0, (byte) 0xff, (byte) 0x80, 0x7f, '0', '1', '9', ':', ' ', '\t', '\n',
      '\r', '-', '+', '.', 'e', 'E', '#', ',', '"', 'x', 1, 8, 3};
  private static Path tmp;

  @BeforeContainer
  static void makeTmp() throws IOException {
    tmp = Files.createTempDirectory("sgd4j-fuzz");
  }

  @AfterContainer
  static void removeTmp() throws IOException {
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A seed file and the seed of its mutations. */
  record Case(String kind, byte[] seed, long mutationSeed) {
    byte[] mutated() {
      return mutate(seed, new SplittableRandom(mutationSeed));
    }

    @Override
    public String toString() {
      return kind + " (" + seed.length + " bytes) mutated with seed " + mutationSeed;
    }
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    int ops = 1 + r.nextInt(4);
    for (int k = 0; k < ops; k++) {
      int n = b.length;
      int op = r.nextInt(7);
      int pos = n == 0 ? 0 : r.nextInt(n);
      switch (op) {
        case 0 -> {
          if (n > 0) {
            b[pos] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 1 -> {
          if (n > 0) {
            b[pos] = INTERESTING[r.nextInt(INTERESTING.length)];
          }
        }
        case 2 -> b = Arrays.copyOf(b, pos);
        case 3 -> {
          int len = Math.min(n - pos, 1 + r.nextInt(16));
          byte[] c = new byte[n - len];
          System.arraycopy(b, 0, c, 0, pos);
          System.arraycopy(b, pos + len, c, pos, n - pos - len);
          b = c;
        }
        case 4 -> {
          int len = Math.min(n - pos, 1 + r.nextInt(64));
          byte[] c = new byte[n + len];
          System.arraycopy(b, 0, c, 0, pos + len);
          System.arraycopy(b, pos, c, pos + len, n - pos);
          b = c;
        }
        case 5 -> {
          int len = 1 + r.nextInt(8);
          byte[] c = new byte[n + len];
          System.arraycopy(b, 0, c, 0, pos);
          for (int i = 0; i < len; i++) {
            c[pos + i] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
          }
          System.arraycopy(b, pos, c, pos + len, n - pos);
          b = c;
        }
        default -> {
          // a big-endian int at a 4-aligned header position: the IDX dimensions
          if (n >= 8) {
            int at = 4 * r.nextInt(Math.min(n / 4, 5));
            int v = r.nextBoolean() ? r.nextInt() : r.nextInt(100_000);
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
          }
        }
      }
    }
    return b;
  }

  static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(raw);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] head(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      return (String.join("\n", all.subList(0, Math.min(lines, all.size()))) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Path realOrNull(String relative) {
    String env = System.getenv("SGD4J_DATA");
    List<Path> roots = new ArrayList<>();
    if (env != null) {
      roots.add(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      roots.add(p.resolve("shared").resolve("datasets"));
    }
    for (Path r : roots) {
      if (Files.isRegularFile(r.resolve(relative))) {
        return r.resolve(relative);
      }
    }
    return null;
  }

  static List<byte[]> libsvmSeeds() {
    List<byte[]> s = new ArrayList<>();
    s.add("+1 1:0.5 3:-2 # c\n-1\n1 qid:2 2:1e-3 4:7\r\n0 1:1 2:2 3:3\n".getBytes(StandardCharsets.US_ASCII));
    Path a9a = realOrNull("libsvm/a9a/a9a.t");
    if (a9a != null) {
      s.add(head(a9a, 25));
    }
    Path agaricus = realOrNull("libsvm/agaricus-mushroom/agaricus.txt.train");
    if (agaricus != null) {
      s.add(head(agaricus, 10));
    }
    s.add(gzip(s.get(0)));
    return s;
  }

  static List<byte[]> csvSeeds() {
    List<byte[]> s = new ArrayList<>();
    s.add("a,b,\"c\"\n1,2,3\n4.5,-6e1, 7 \n\n8,9,10\n".getBytes(StandardCharsets.US_ASCII));
    Path airfoil = realOrNull("airfoil/airfoil_self_noise.dat");
    if (airfoil != null) {
      s.add(head(airfoil, 20));
    }
    s.add(gzip(s.get(0)));
    return s;
  }

  static List<byte[]> idxSeeds() {
    List<byte[]> s = new ArrayList<>();
    s.add(IdxTest.idx(0x803, new int[] {3, 4, 5}, IdxTest.seq(60)));
    s.add(IdxTest.idx(0x801, new int[] {12}, IdxTest.seq(12)));
    Path labels = realOrNull("mnist/t10k-labels-idx1-ubyte.gz");
    if (labels != null) {
      try {
        byte[] gz = Files.readAllBytes(labels);
        s.add(gz);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    s.add(gzip(s.get(0)));
    return s;
  }

  @Provide
  Arbitrary<Case> libsvm() {
    return cases("libsvm", libsvmSeeds());
  }

  @Provide
  Arbitrary<Case> csv() {
    return cases("csv", csvSeeds());
  }

  @Provide
  Arbitrary<Case> idx() {
    return cases("idx", idxSeeds());
  }

  @Provide
  Arbitrary<Case> cifar() {
    return cases("cifar", List.of(Cifar10Test.batch(3, 7)));
  }

  private static Arbitrary<Case> cases(String kind, List<byte[]> seeds) {
    return Arbitraries.integers().between(0, seeds.size() - 1)
        .flatMap(i -> Arbitraries.longs().map(m -> new Case(kind + "#" + i, seeds.get(i), m)));
  }

  /** Runs a reader: a normal return or a DataFormatException pass; anything else fails the property. */
  interface Reader {
    void read(InputStream in) throws IOException;
  }

  private static void parsesOrRejects(Case c, Reader reader) {
    byte[] input = c.mutated();
    try (InputStream in = DataFile.open(new ByteArrayInputStream(input), "fuzz")) {
      reader.read(in);
    } catch (DataFormatException expected) {
      if (expected.getMessage() == null || !expected.getMessage().startsWith("fuzz")) {
        throw new AssertionError("message does not name the source: " + expected.getMessage());
      }
    } catch (Throwable t) {
      throw new AssertionError(c + ": " + t, t);
    }
  }

  @Property(tries = 2500)
  void libsvmParsesOrRejects(@ForAll("libsvm") Case c) {
    parsesOrRejects(c, in -> LibSvm.read(in, "fuzz", LibSvm.options()));
  }

  @Property(tries = 800)
  void libsvmWithDimensionAndMappingParsesOrRejects(@ForAll("libsvm") Case c) {
    parsesOrRejects(c, in -> LibSvm.read(in, "fuzz", LibSvm.options().dimension(123)
        .labels(LabelMapping.PLUS_MINUS_ONE)));
  }

  @Property(tries = 2000)
  void csvParsesOrRejects(@ForAll("csv") Case c) {
    parsesOrRejects(c, in -> Csv.read(in, "fuzz", Csv.options()));
  }

  @Property(tries = 2500)
  void idxStreamParsesOrRejects(@ForAll("idx") Case c) {
    parsesOrRejects(c, in -> {
      IdxArray a = Idx.read(in, "fuzz", -1);
      if (a.rank() == 3) {
        IdxImages.toDataset(a, "fuzz", new IdxArray(new int[] {a.shape()[0]}, new byte[a.shape()[0]]), "fuzz", 10);
      } else {
        IdxImages.toDataset(new IdxArray(new int[] {a.shape()[0], 0, 0}, new byte[0]), "fuzz", a, "fuzz", 10);
      }
    });
  }

  @Property(tries = 400)
  void idxFileParsesOrRejects(@ForAll("idx") Case c) throws IOException {
    Path f = tmp.resolve("case.idx");
    Files.write(f, c.mutated());
    try {
      Idx.read(f);
    } catch (DataFormatException expected) {
      // documented
    } catch (Throwable t) {
      throw new AssertionError(c + ": " + t, t);
    }
  }

  @Property(tries = 500)
  void cifarParsesOrRejects(@ForAll("cifar") Case c) {
    parsesOrRejects(c, in -> Cifar10.readBatch(in, "fuzz"));
  }
}
