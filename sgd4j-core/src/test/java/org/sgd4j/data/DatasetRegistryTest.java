package org.sgd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private String base;

  private static final byte[] TINY = "1,2,3\n4,5,6\n".getBytes(StandardCharsets.US_ASCII);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = served.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  static String sha256(byte[] b) throws IOException {
    return DataFileSpec.digestOf(new ByteArrayInputStream(b), "SHA-256");
  }

  /** A one-file dataset "tiny" whose file must have the digest of {@link #TINY}. */
  private DatasetSpec tinySpec(String... urls) throws IOException {
    return new DatasetSpec("tiny", List.of(new DataFileSpec("tiny.csv", TINY.length, sha256(TINY), null)),
        List.of(urls), null, null, (dir, split) -> Csv.read(dir.resolve("tiny.csv")).toDataset(-1));
  }

  /** A registry that looks only where the test says. */
  private DatasetRegistry isolated(DatasetSpec spec) {
    return DatasetRegistry.standard().with(spec).withEnvDataDir(null).withCacheDir(tmp.resolve("cache"))
        .withSystemDirs(List.of(tmp.resolve("system"))).withWorkingDir(tmp.resolve("work")).withDownload(false);
  }

  private Path tinyCopy(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("tiny.csv"), TINY);
    return dir;
  }

  private static List<Path> listCache(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void downloadsIntoTheCacheAndVerifies() throws IOException {
    served.put("/pub/tiny.csv", TINY);
    DatasetRegistry r = isolated(tinySpec(base + "/missing/", base + "/pub/")).withDownload(true);
    Path dir = r.locate("tiny");
    assertThat(dir).isEqualTo(tmp.resolve("cache").resolve("tiny"));
    assertThat(Files.readAllBytes(dir.resolve("tiny.csv"))).isEqualTo(TINY);
    assertThat(listCache(tmp.resolve("cache"))).containsExactly(dir.resolve("tiny.csv"));
    assertThat(r.load("tiny", Split.TRAIN).y().toArray()).containsExactly(3f, 6f);
    // second time: found in the cache, no download needed
    served.clear();
    assertThat(r.locate("tiny")).isEqualTo(dir);
  }

  @Test
  void checksumMismatchIsRejectedAndLeavesNothingInTheCache() throws IOException {
    byte[] tampered = "1,2,3\n4,5,7\n".getBytes(StandardCharsets.US_ASCII);
    served.put("/pub/tiny.csv", tampered);
    DatasetRegistry r = isolated(tinySpec(base + "/pub/")).withDownload(true);
    assertThatThrownBy(() -> r.locate("tiny")).isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("download from [" + base + "/pub/]: " + base + "/pub/tiny.csv: tiny.csv: checksum mismatch: "
            + sha256(tampered) + ", expected " + sha256(TINY) + " (download discarded)");
    assertThat(listCache(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void notFoundListsEveryPlaceInOrderAndHowToProvideTheData() throws IOException {
    Files.createDirectories(tmp.resolve("system").resolve("tiny"));
    Files.write(Files.createDirectories(tmp.resolve("cache").resolve("tiny")).resolve("tiny.csv"), new byte[] {1});
    DatasetRegistry r = isolated(tinySpec(base + "/nothing/")).withDownload(true);
    assertThatThrownBy(() -> r.locate("tiny")).isInstanceOf(DatasetNotFoundException.class)
        .hasMessage("dataset 'tiny' not found. Looked in:\n"
            + "  - explicit directory: not given\n"
            + "  - $SGD4J_DATA: not set\n"
            + "  - user cache " + tmp.resolve("cache").resolve("tiny") + ": tiny.csv: checksum mismatch: "
            + sha256(new byte[] {1}) + ", expected " + sha256(TINY) + "\n"
            + "  - system package " + tmp.resolve("system").resolve("tiny") + ": missing tiny.csv\n"
            + "  - shared/datasets above " + tmp.resolve("work") + ": none found\n"
            + "  - download from [" + base + "/nothing/]: " + base + "/nothing/tiny.csv: HTTP 404\n"
            + "To provide it, put tiny.csv (as published) in a directory D/tiny and set SGD4J_DATA=D, or pass D"
            + " explicitly, or copy them into " + tmp.resolve("cache").resolve("tiny") + "; the publisher serves them at "
            + base + "/nothing/.");
    // the corrupt cached copy was not replaced by a failed download
    assertThat(Files.readAllBytes(tmp.resolve("cache").resolve("tiny").resolve("tiny.csv"))).containsExactly(1);
  }

  @Test
  void lookupOrderExplicitThenEnvThenCacheThenSystemThenShared() throws IOException {
    Path shared = tinyCopy(tmp.resolve("work").resolve("shared").resolve("datasets").resolve("tiny"));
    DatasetRegistry r = isolated(tinySpec());
    assertThat(r.locate("tiny")).isEqualTo(shared);
    Path system = tinyCopy(tmp.resolve("system").resolve("tiny"));
    assertThat(r.locate("tiny")).isEqualTo(system);
    Path cache = tinyCopy(tmp.resolve("cache").resolve("tiny"));
    assertThat(r.locate("tiny")).isEqualTo(cache);
    Path env = tinyCopy(tmp.resolve("env").resolve("tiny"));
    assertThat(r.withEnvDataDir(tmp.resolve("env").toString()).locate("tiny")).isEqualTo(env);
    Path explicit = tinyCopy(tmp.resolve("explicit"));
    assertThat(r.withEnvDataDir(tmp.resolve("env").toString()).withDataDir(explicit).locate("tiny")).isEqualTo(explicit);
  }

  @Test
  void archiveIsDownloadedVerifiedAndUnpacked() throws IOException {
    byte[] member = new byte[3073];
    member[0] = 4;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (String name : new String[] {"batches/readme.html", "batches/test_batch.bin"}) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        byte[] content = name.endsWith(".bin") ? member : "hello".getBytes(StandardCharsets.US_ASCII);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    served.put("/k/tiny10.tar.gz", bytes.toByteArray());
    String md5 = DataFileSpec.digestOf(new ByteArrayInputStream(bytes.toByteArray()), "MD5");
    DatasetSpec spec = new DatasetSpec("tiny10", List.of(new DataFileSpec("test_batch.bin", 3073, null, null)),
        List.of(base + "/k/"), new DataFileSpec("tiny10.tar.gz", -1, md5, null), "batches",
        (dir, split) -> Cifar10.test(dir));
    DatasetRegistry r = isolated(spec).withDownload(true);
    TensorDataset d = r.load("tiny10", Split.TEST);
    assertThat(d.y().toArray()).containsExactly(4f);
    assertThat(listCache(tmp.resolve("cache")).stream().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("tiny10.tar.gz", "test_batch.bin");
  }

  @Test
  void debianRewrittenGzipIsAcceptedByItsContentChecksum() throws IOException {
    Path original = RealData.file("fashion-mnist/t10k-labels-idx1-ubyte.gz");
    DataFileSpec spec = DatasetRegistry.standard().spec("fashion-mnist").files().get(3);
    assertThat(spec.name()).isEqualTo("t10k-labels-idx1-ubyte.gz");
    assertThat(spec.problem(original)).isNull();
    // Debian's gzip header: no FNAME flag, no name, mtime 0; the deflate stream is unchanged.
    byte[] gz = Files.readAllBytes(original);
    assertThat(gz[3] & 0x08).isEqualTo(0x08);
    int nameEnd = 10;
    while (gz[nameEnd] != 0) {
      nameEnd++;
    }
    ByteArrayOutputStream debian = new ByteArrayOutputStream();
    debian.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, gz[8], gz[9]});
    debian.write(gz, nameEnd + 1, gz.length - nameEnd - 1);
    Path copy = Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), debian.toByteArray());
    assertThat(Files.size(copy)).isLessThan(Files.size(original));
    assertThat(spec.problem(copy)).isNull();
    assertThat(Idx.read(copy)).isEqualTo(Idx.read(original));
    // a changed label is caught by both checksums
    byte[] raw = Files.readAllBytes(copy);
    ByteArrayOutputStream changed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(changed)) {
      byte[] content = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
      content[100] ^= 1;
      out.write(content);
    }
    Files.write(copy, changed.toByteArray());
    assertThat(spec.problem(copy)).startsWith("t10k-labels-idx1-ubyte.gz: checksum mismatch: file sha256:")
        .contains("expected md5:15d484375f8d13e6eb1aabb0c3f46965");
  }

  @Test
  void debianPackageCopyIsAcceptedWhenInstalled() throws IOException {
    Path system = Path.of("/usr/share/datasets");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(system.resolve("fashion-mnist")),
        "Debian's dataset-fashion-mnist is not installed");
    DatasetRegistry r = isolated(tinySpec()).withSystemDirs(List.of(system));
    assertThat(r.locate("fashion-mnist")).isEqualTo(system.resolve("fashion-mnist"));
  }

  @Test
  void findsTheProjectDataAndLoadsByName() throws IOException {
    Path shared = RealData.dir();
    DatasetRegistry r = DatasetRegistry.standard().withEnvDataDir(null).withCacheDir(tmp.resolve("cache"))
        .withSystemDirs(List.of()).withWorkingDir(shared.getParent().resolve("somewhere")).withDownload(false);
    assertThat(r.locate("mnist")).isEqualTo(shared.resolve("mnist"));
    assertThat(r.locate("fashion-mnist")).isEqualTo(shared.resolve("fashion-mnist"));
    assertThat(r.load("mnist", Split.TEST).size()).isEqualTo(10_000);
    assertThat(r.load("airfoil", Split.TRAIN).x().shape()).containsExactly(1500, 5);
    assertThatThrownBy(() -> r.load("airfoil", Split.TEST)).hasMessageContaining("no test split");
    assertThat(r.load("libsvm:" + shared.resolve("libsvm/agaricus-mushroom/agaricus.txt.test"), Split.TRAIN)
        .x().shape()).containsExactly(1611, 126);
    assertThatThrownBy(() -> r.load("libsvm:" + shared.resolve("libsvm/a9a/a9a.t"), Split.TEST))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("no test split");
    TensorDataset a9at = r.load("libsvm:" + shared.resolve("libsvm/a9a/a9a") + ",test=" + shared.resolve("libsvm/a9a/a9a.t")
        + "?labels=pm", Split.TEST);
    assertThat(a9at.x().shape()).containsExactly(16_281, 123);
    assertThat(a9at.y().toArray()).containsOnly(-1f, 1f);
    assertThatThrownBy(() -> r.load("libsvm:x?bogus=1", Split.TRAIN))
        .hasMessage("libsvm: unknown option 'bogus=1'; known: dim=<d>, labels=pm");
    assertThat(r.load("csv:" + shared.resolve("airfoil/airfoil_self_noise.dat"), Split.TRAIN).size()).isEqualTo(1503);
    assertThatThrownBy(() -> r.locate("cifar10")).isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("cifar-10-binary.tar.gz").hasMessageContaining("download: disabled");
    assertThatThrownBy(() -> r.load("imagenet", Split.TRAIN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown dataset 'imagenet'; known: fashion-mnist, mnist, airfoil, cifar10");
  }

  @Test
  void syntheticByName() throws IOException {
    DatasetRegistry r = DatasetRegistry.standard();
    TensorDataset a = r.load("synthetic:logistic", Split.TRAIN);
    assertThat(a.x().shape()).containsExactly(1000, 20);
    assertThat(a.y().toArray()).containsOnly(-1f, 1f);
    assertThat(r.load("synthetic:logistic", Split.TRAIN).x().toArray()).containsExactly(a.x().toArray());
    assertThat(r.load("synthetic:logistic", Split.TEST).x().toArray()).isNotEqualTo(a.x().toArray());
  }

  @Test
  void anExplicitLocationThatFailsIsAnErrorAndNoOtherPlaceIsTried() throws IOException {
    tinyCopy(tmp.resolve("cache").resolve("tiny")); // a good copy the registry must not fall back to
    DatasetRegistry r = isolated(tinySpec());
    assertThat(r.find("tiny")).isEqualTo(new DatasetRegistry.Location(tmp.resolve("cache").resolve("tiny"),
        "user cache", null));
    assertThatThrownBy(() -> r.withDataDir(tmp.resolve("nowhere")).load("tiny", Split.TRAIN))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage("dataset 'tiny': --data-dir " + tmp.resolve("nowhere") + " does not exist (no other location tried)");
    assertThatThrownBy(() -> r.withEnvDataDir(tmp + "/env").load("tiny", Split.TRAIN))
        .hasMessage("dataset 'tiny': $SGD4J_DATA " + tmp.resolve("env").resolve("tiny")
            + " does not exist (no other location tried)");
    Path holed = Files.createDirectories(tmp.resolve("holed").resolve("tiny").resolve("tiny.csv"));
    assertThatThrownBy(() -> r.withDataDir(tmp.resolve("holed")).load("tiny", Split.TRAIN))
        .hasMessage("dataset 'tiny': --data-dir " + holed.getParent() + ": " + holed
            + " is a directory, not a file (no other location tried)");
    Path corrupt = Files.createDirectories(tmp.resolve("corrupt"));
    Files.writeString(corrupt.resolve("tiny.csv"), "1,2,3\n4,x,6\n");
    assertThatThrownBy(() -> r.withDataDir(corrupt).load("tiny", Split.TRAIN))
        .hasMessageStartingWith("dataset 'tiny': --data-dir " + corrupt + ": tiny.csv: checksum mismatch: ")
        .hasMessageContaining(", and it cannot be read: " + corrupt.resolve("tiny.csv") + ": line 2 (byte 8)")
        .hasMessageEndingWith("(no other location tried)");
  }

  @Test
  void anExplicitCopyWithAnotherChecksumIsReadWithAWarning() throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("mine").resolve("tiny"));
    Files.writeString(mine.resolve("tiny.csv"), "1,2,3\n4,5,7\n");
    List<String> warnings = new java.util.ArrayList<>();
    DatasetRegistry r = isolated(tinySpec()).withWarnings(warnings::add).withDataDir(tmp.resolve("mine"));
    assertThat(r.load("tiny", Split.TRAIN).y().toArray()).containsExactly(3f, 7f);
    assertThat(r.find("tiny").dir()).isEqualTo(mine);
    assertThat(warnings).singleElement().asString().startsWith("warning: --data-dir " + mine
        + ": tiny.csv: checksum mismatch: ").endsWith("(not the published files; read anyway)");
  }

  @Test
  void aFileDatasetHasATestSplitOnlyWhenItNamesATestFile() throws IOException {
    Path train = Files.writeString(tmp.resolve("a.svm"), "1 1:1\n-1 2:1\n");
    Path test = Files.writeString(tmp.resolve("b.svm"), "1 1:2\n");
    DatasetRegistry r = isolated(tinySpec());
    assertThatThrownBy(() -> r.load("libsvm:" + train, Split.TEST)).hasMessage("no test split: libsvm:" + train
        + " names only a training file (add ,test=FILE for one)");
    assertThat(r.hasTestSplit("libsvm:" + train)).isFalse();
    TensorDataset t = r.load("libsvm:" + train + ",test=" + test, Split.TEST);
    assertThat(t.x().shape()).containsExactly(1, 2); // the training file's dimension
    assertThat(t.x().toArray()).containsExactly(2f, 0f);
    assertThat(r.file("libsvm:" + train + ",test=" + test, Split.TEST)).isEqualTo(test);
  }
}
