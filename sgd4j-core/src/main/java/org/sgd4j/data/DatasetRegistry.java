package org.sgd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Datasets by name, found on this machine or downloaded, and verified.
 *
 * <p>Names: {@code fashion-mnist}, {@code mnist}, {@code cifar10}, {@code airfoil} (d2l's
 * standardised version, train split only), {@code libsvm/ijcnn1} (the tick-datasets copy of LIBSVM's
 * ijcnn1, 49,990 / 91,701 rows, ±1 labels); {@code libsvm:<path>[?dim=<d>][&labels=pm]} (dimension
 * inferred unless given, labels as written or mapped to ±1; both splits read the file, e.g.
 * {@code libsvm:a9a.t?dim=123&labels=pm}); {@code csv:<path>} (last column the target); and the
 * generators {@code synthetic:linear}, {@code synthetic:logistic}, {@code synthetic:separable},
 * {@code synthetic:noisy} (n = 1000 train / 1000 test, d = 20, seed 0; see {@link Synthetic}).
 *
 * <p>A named published dataset is looked for, in this order, in
 * <ol>
 *   <li>the explicit directory, if given ({@code dir/<name>} or {@code dir} itself);
 *   <li>{@code $SGD4J_DATA/<name>};
 *   <li>the user cache, {@code $XDG_CACHE_HOME/sgd4j/<name>} or {@code ~/.cache/sgd4j/<name>};
 *   <li>the operating system's packaged copy, {@code /usr/share/datasets/<name>} (Debian's
 *       {@code dataset-fashion-mnist});
 *   <li>{@code shared/datasets/<name>} in the working directory or any of its parents (this
 *       project's data);
 *   <li>a download from the publisher's URL into the user cache.
 * </ol>
 * A directory is used only if every file verifies ({@link DataFileSpec#problem}: the published
 * checksum of the file, or of its decompressed content); a download goes to a temporary file that is
 * checked and then renamed into place, so a failed or corrupt download leaves nothing in the cache.
 * When everything fails, a {@link DatasetNotFoundException} lists each place and why it failed, and
 * how to provide the data.
 *
 * <p>Immutable: the {@code with...} methods return changed copies (for tests, and for a CLI flag).
 */
public final class DatasetRegistry {
  private static final String FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
  private static final List<String> MNIST_URLS = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
      "http://yann.lecun.com/exdb/mnist/");
  /**
   * The registry name of ijcnn1, laid out as in this project's {@code shared/datasets/libsvm/ijcnn1}.
   * Its files are bzip2-compressed: {@link #locate} finds and verifies them; reading them needs a
   * bzip2 decoder (sgd4j-lab's {@code Designs.libsvm} has one), which the JDK and this module lack.
   */
  public static final String IJCNN1 = "libsvm/ijcnn1";
  private static final Map<String, String> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, DatasetSpec> specs;
  private final Path dataDir;
  private final String envDataDir;
  private final Path cacheDir;
  private final List<Path> systemDirs;
  private final Path workingDir;
  private final boolean download;

  private DatasetRegistry(Map<String, DatasetSpec> specs, Path dataDir, String envDataDir, Path cacheDir,
      List<Path> systemDirs, Path workingDir, boolean download) {
    this.specs = specs;
    this.dataDir = dataDir;
    this.envDataDir = envDataDir;
    this.cacheDir = cacheDir;
    this.systemDirs = List.copyOf(systemDirs);
    this.workingDir = workingDir;
    this.download = download;
  }

  /** The built-in datasets, looking where the environment says (SGD4J_DATA, XDG_CACHE_HOME, user.home, user.dir). */
  public static DatasetRegistry standard() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("sgd4j");
    Map<String, DatasetSpec> specs = new LinkedHashMap<>();
    for (DatasetSpec s : builtIn()) {
      specs.put(s.name(), s);
    }
    return new DatasetRegistry(specs, null, System.getenv("SGD4J_DATA"), cache, List.of(Path.of("/usr/share/datasets")),
        Path.of(System.getProperty("user.dir")), true);
  }

  /** Look first in {@code dir} (e.g. a {@code --data-dir} flag); null for none. */
  public DatasetRegistry withDataDir(Path dir) {
    return new DatasetRegistry(specs, dir, envDataDir, cacheDir, systemDirs, workingDir, download);
  }

  /** The value to use for {@code $SGD4J_DATA} (null: unset). */
  public DatasetRegistry withEnvDataDir(String value) {
    return new DatasetRegistry(specs, dataDir, value, cacheDir, systemDirs, workingDir, download);
  }

  /** The user cache directory (downloads go to {@code cache/<name>}). */
  public DatasetRegistry withCacheDir(Path dir) {
    return new DatasetRegistry(specs, dataDir, envDataDir, dir, systemDirs, workingDir, download);
  }

  /** The operating system's dataset directories. */
  public DatasetRegistry withSystemDirs(List<Path> dirs) {
    return new DatasetRegistry(specs, dataDir, envDataDir, cacheDir, dirs, workingDir, download);
  }

  /** The directory from which to walk up looking for {@code shared/datasets} (null: don't). */
  public DatasetRegistry withWorkingDir(Path dir) {
    return new DatasetRegistry(specs, dataDir, envDataDir, cacheDir, systemDirs, dir, download);
  }

  /** Whether to download as the last resort. */
  public DatasetRegistry withDownload(boolean enabled) {
    return new DatasetRegistry(specs, dataDir, envDataDir, cacheDir, systemDirs, workingDir, enabled);
  }

  /** Adds (or replaces) a dataset. */
  public DatasetRegistry with(DatasetSpec spec) {
    Map<String, DatasetSpec> m = new LinkedHashMap<>(specs);
    m.put(spec.name(), spec);
    return new DatasetRegistry(m, dataDir, envDataDir, cacheDir, systemDirs, workingDir, download);
  }

  /** The names of the registered published datasets. */
  public Set<String> names() {
    return specs.keySet();
  }

  /** The spec of a registered dataset. */
  public DatasetSpec spec(String name) {
    DatasetSpec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", specs.keySet())
          + ", libsvm:<path>, csv:<path>, synthetic:{linear,logistic,separable,noisy}");
    }
    return s;
  }

  /** Loads a split of a dataset by name. */
  public TensorDataset load(String name, Split split) throws IOException {
    if (name.startsWith("libsvm:")) {
      return libsvm(name.substring(7)).toTensorDataset();
    }
    if (name.startsWith("csv:")) {
      return Csv.read(Path.of(name.substring(4))).toDataset(-1);
    }
    if (name.startsWith("synthetic:")) {
      return synthetic(name.substring(10), split).toTensorDataset();
    }
    DatasetSpec spec = spec(name);
    return spec.loader().load(locate(name), split);
  }

  /** {@code <path>[?dim=<d>][&labels=pm]}: e.g. {@code libsvm:a9a.t?dim=123&labels=pm}. */
  private static LibSvmData libsvm(String spec) throws IOException {
    int q = spec.lastIndexOf('?');
    LibSvm.Options o = LibSvm.options();
    if (q >= 0) {
      for (String kv : spec.substring(q + 1).split("&")) {
        if (kv.startsWith("dim=")) {
          try {
            o = o.dimension(Integer.parseInt(kv.substring(4)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("libsvm: dimension '" + kv.substring(4) + "' is not an integer");
          }
        } else if (kv.equals("labels=pm")) {
          o = o.labels(LabelMapping.PLUS_MINUS_ONE);
        } else {
          throw new IllegalArgumentException("libsvm: unknown option '" + kv + "'; known: dim=<d>, labels=pm");
        }
      }
      spec = spec.substring(0, q);
    }
    return LibSvm.read(Path.of(spec), o);
  }

  private SyntheticData synthetic(String kind, Split split) {
    int n = 1000;
    int d = 20;
    return switch (kind) {
      case "linear" -> Synthetic.linearRegression(n, d, 0.1, 0, split);
      case "logistic" -> Synthetic.logistic(n, d, 0, split);
      case "separable" -> Synthetic.separable(n, d, 0.1, 0, split);
      case "noisy" -> Synthetic.noisy(n, d, 0.1, 0, split);
      default -> throw new IllegalArgumentException("unknown synthetic dataset '" + kind
          + "'; known: linear, logistic, separable, noisy");
    };
  }

  /** The directory holding verified files of {@code name}, after a download if need be. */
  public Path locate(String name) throws IOException {
    DatasetSpec spec = spec(name);
    List<String> report = new ArrayList<>();
    List<Candidate> candidates = candidates(name);
    for (Candidate c : candidates) {
      if (c.dir == null) {
        report.add(c.label + ": " + c.why);
        continue;
      }
      String problem = check(spec, c.dir);
      if (problem == null) {
        return resolved(spec, c.dir);
      }
      report.add(c.label + " " + c.dir + ": " + problem);
    }
    if (download && cacheDir != null && !spec.baseUrls().isEmpty()) {
      try {
        Path dir = download(spec);
        String problem = check(spec, dir);
        if (problem == null) {
          return resolved(spec, dir);
        }
        report.add("download into " + dir + ": " + problem);
      } catch (IOException e) {
        report.add("download from " + spec.baseUrls() + ": " + e.getMessage());
      }
    } else {
      report.add("download: " + (download ? "no publisher URL or cache directory" : "disabled"));
    }
    throw new DatasetNotFoundException(notFound(spec, report));
  }

  private String notFound(DatasetSpec spec, List<String> report) {
    String files = spec.files().stream().map(DataFileSpec::name).collect(Collectors.joining(", "));
    StringBuilder sb = new StringBuilder("dataset '").append(spec.name()).append("' not found. Looked in:");
    for (String r : report) {
      sb.append("\n  - ").append(r);
    }
    sb.append("\nTo provide it, put ").append(files).append(" (as published");
    if (spec.archive() != null) {
      sb.append(", from ").append(spec.archive().name());
    }
    sb.append(") in a directory D/").append(spec.name()).append(" and set SGD4J_DATA=D, or pass D explicitly");
    if (cacheDir != null) {
      sb.append(", or copy them into ").append(cacheDir.resolve(spec.name()));
    }
    if (!spec.baseUrls().isEmpty()) {
      sb.append("; the publisher serves them at ").append(spec.baseUrls().get(0));
    }
    if (spec.name().equals("fashion-mnist")) {
      sb.append("; on Debian: apt install dataset-fashion-mnist");
    }
    return sb.append('.').toString();
  }

  private record Candidate(String label, Path dir, String why) {}

  private List<Candidate> candidates(String name) {
    List<Candidate> out = new ArrayList<>();
    if (dataDir == null) {
      out.add(new Candidate("explicit directory", null, "not given"));
    } else {
      out.add(new Candidate("explicit directory", dataDir.resolve(name), null));
      out.add(new Candidate("explicit directory", dataDir, null));
    }
    if (envDataDir == null || envDataDir.isBlank()) {
      out.add(new Candidate("$SGD4J_DATA", null, "not set"));
    } else {
      out.add(new Candidate("$SGD4J_DATA", Path.of(envDataDir).resolve(name), null));
    }
    if (cacheDir != null) {
      out.add(new Candidate("user cache", cacheDir.resolve(name), null));
    }
    for (Path s : systemDirs) {
      out.add(new Candidate("system package", s.resolve(name), null));
    }
    if (workingDir != null) {
      boolean any = false;
      for (Path p = workingDir.toAbsolutePath(); p != null; p = p.getParent()) {
        Path shared = p.resolve("shared").resolve("datasets");
        if (Files.isDirectory(shared)) {
          out.add(new Candidate("shared datasets", shared.resolve(name), null));
          any = true;
        }
      }
      if (!any) {
        out.add(new Candidate("shared/datasets above " + workingDir.toAbsolutePath(), null, "none found"));
      }
    }
    return out;
  }

  private static Path resolved(DatasetSpec spec, Path dir) {
    if (spec.innerDir() != null && Files.isDirectory(dir.resolve(spec.innerDir()))) {
      return dir.resolve(spec.innerDir());
    }
    return dir;
  }

  /** Null if {@code dir} (or its inner directory) holds good copies of all files, else the first problem. */
  private static String check(DatasetSpec spec, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return "does not exist";
    }
    Path d = resolved(spec, dir);
    for (DataFileSpec f : spec.files()) {
      Path p = d.resolve(f.name());
      if (!Files.isRegularFile(p)) {
        return "missing " + f.name();
      }
      String key = p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p) + "|" + f;
      if (VERIFIED.containsKey(key)) {
        continue;
      }
      String problem = f.problem(p);
      if (problem != null) {
        return problem;
      }
      VERIFIED.put(key, "ok");
    }
    return null;
  }

  private Path download(DatasetSpec spec) throws IOException {
    Path dir = cacheDir.resolve(spec.name());
    Files.createDirectories(dir);
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(15)).build();
    if (spec.archive() == null) {
      for (DataFileSpec f : spec.files()) {
        if (f.problem(dir.resolve(f.name())) != null) {
          fetch(client, spec.baseUrls(), f, dir.resolve(f.name()));
        }
      }
    } else {
      Path archive = dir.resolve(spec.archive().name());
      if (spec.archive().problem(archive) != null) {
        fetch(client, spec.baseUrls(), spec.archive(), archive);
      }
      Path target = spec.innerDir() != null ? dir.resolve(spec.innerDir()) : dir;
      TarGz.extract(archive, target, spec.files().stream().map(DataFileSpec::name).collect(Collectors.toSet()));
    }
    return dir;
  }

  /** Downloads {@code f} from the first base URL that serves a good copy, into {@code dest} atomically. */
  private static void fetch(HttpClient client, List<String> baseUrls, DataFileSpec f, Path dest) throws IOException {
    List<String> failures = new ArrayList<>();
    for (String base : baseUrls) {
      String url = base + f.name();
      Path part = Files.createTempFile(dest.getParent(), f.name() + ".", ".part");
      try {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
          if (response.statusCode() != 200) {
            failures.add(url + ": HTTP " + response.statusCode());
            continue;
          }
          in.transferTo(out);
        }
        String problem = f.problem(part);
        if (problem != null) {
          failures.add(url + ": " + problem.replace(part.getFileName().toString(), f.name()) + " (download discarded)");
          continue;
        }
        Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while downloading " + url, e);
      } catch (IOException | IllegalArgumentException e) {
        failures.add(url + ": " + e);
      } finally {
        Files.deleteIfExists(part);
      }
    }
    throw new IOException(String.join("; ", failures));
  }

  private static List<DatasetSpec> builtIn() {
    List<DatasetSpec> s = new ArrayList<>();
    s.add(new DatasetSpec("fashion-mnist", List.of(
        gz("train-images-idx3-ubyte.gz", 26_421_880,
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
        gz("train-labels-idx1-ubyte.gz", 29_515,
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", "9018921c3c673c538a1fc5bad174d6f9"),
        gz("t10k-images-idx3-ubyte.gz", 4_422_102,
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", "8181f5470baa50b63fa0f6fddb340f0a"),
        gz("t10k-labels-idx1-ubyte.gz", 5_148,
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", "15d484375f8d13e6eb1aabb0c3f46965")),
        List.of(FASHION_URL), null, null,
        (dir, split) -> split == Split.TRAIN ? FashionMnist.train(dir) : FashionMnist.test(dir)));
    s.add(new DatasetSpec("mnist", List.of(
        gz("train-images-idx3-ubyte.gz", 9_912_422,
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", "6bbc9ace898e44ae57da46a324031adb"),
        gz("train-labels-idx1-ubyte.gz", 28_881,
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", "a25bea736e30d166cdddb491f175f624"),
        gz("t10k-images-idx3-ubyte.gz", 1_648_877,
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", "2646ac647ad5339dbf082846283269ea"),
        gz("t10k-labels-idx1-ubyte.gz", 4_542,
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", "27ae3e4e09519cfbb04c329615203637")),
        MNIST_URLS, null, null,
        (dir, split) -> split == Split.TRAIN ? Mnist.train(dir) : Mnist.test(dir)));
    s.add(new DatasetSpec("airfoil", List.of(new DataFileSpec(Airfoil.FILE, 59_984,
        "sha256:74c75fd71783f1e6b71f8a622b993dc592897a97cd689c5090a07147a1b097b3", null)),
        List.of("http://d2l-data.s3-accelerate.amazonaws.com/"), null, null,
        (dir, split) -> {
          if (split != Split.TRAIN) {
            throw new IllegalArgumentException("airfoil has no test split (d2l trains on the first 1,500 rows)");
          }
          return Airfoil.d2l(dir);
        }));
    List<DataFileSpec> cifar = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      cifar.add(new DataFileSpec("data_batch_" + i + ".bin", 30_730_000, null, null));
    }
    cifar.add(new DataFileSpec("test_batch.bin", 30_730_000, null, null));
    s.add(new DatasetSpec("cifar10", cifar, List.of("https://www.cs.toronto.edu/~kriz/"),
        new DataFileSpec("cifar-10-binary.tar.gz", -1, "md5:c32a1d4ab5d03f1284b67883e8d87530", null),
        "cifar-10-batches-bin", (dir, split) -> split == Split.TRAIN ? Cifar10.train(dir) : Cifar10.test(dir)));
    // the tick-datasets repackaging of LIBSVM's ijcnn1 (labels -1.0/1.0, 22 features), as in shared/datasets
    s.add(new DatasetSpec(IJCNN1, List.of(
        new DataFileSpec("ijcnn1.trn.bz2", 1_395_175,
            "sha256:b38a4198ce142d43e96fb86d17b87211feec1f909ac344fa057455c69de29de3", null),
        new DataFileSpec("ijcnn1.tst.bz2", 2_597_597,
            "sha256:acd1db430684fdd3f0c768ecc49aa8e749d0004fc117611220c2aa576a7b6a24", null)),
        List.of("https://raw.githubusercontent.com/X-DataInitiative/tick-datasets/master/binary/ijcnn1/"), null, null,
        (dir, split) -> LibSvm.read(dir.resolve(split == Split.TRAIN ? "ijcnn1.trn.bz2" : "ijcnn1.tst.bz2"),
            LibSvm.options().dimension(22)).toTensorDataset()));
    return s;
  }

  private static DataFileSpec gz(String name, long size, String sha256, String contentMd5) {
    return new DataFileSpec(name, size, "sha256:" + sha256, "md5:" + contentMd5);
  }
}
