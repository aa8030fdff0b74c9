package org.sgd4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.tensor.Tensor;
import picocli.CommandLine;

/**
 * A command-line fuzz of the {@code sgd4j} program: seeded random mutations of its input files
 * (LIBSVM, CSV, safetensors weights, checkpoints) and of its flags (numbers out of range, non-finite,
 * of the wrong type, empty; flags dropped, repeated, combined), run through the real entry point
 * {@link Main#commandLine()}. Every case must end by the rule of issue 19:
 * <ul>
 *   <li>an exit status from the table (0, 1, 2, 3);</li>
 *   <li>on failure one line on stderr, without a stack trace, "internal error" or an
 *       {@link OutOfMemoryError};</li>
 *   <li>no file outside the case's {@code --out} changed (the inputs are hashed before and after).</li>
 * </ul>
 * {@link CliFuzzTest} runs a few hundred cases in {@code mvn verify}; {@link #main} runs as many as
 * asked (e.g. thousands) and prints the defects it found.
 */
final class CliFuzz {
  /** A rule broken by one case. */
  record Defect(long seed, List<String> args, int exit, String err, String rule) {
    @Override
    public String toString() {
      return rule + " (seed " + seed + ", exit " + exit + "): sgd4j " + String.join(" ", args) + "\n    stderr: "
          + err.strip().replace("\n", "\n            ");
    }
  }

  private final Path root;
  private final Path checkpointTemplate;
  private final Map<String, Integer> exits = new TreeMap<>();
  private final List<Defect> defects = new ArrayList<>();
  private int cases;

  /** Fuzzes inside {@code root}; prepares a valid checkpoint to mutate. */
  CliFuzz(Path root) throws IOException {
    this.root = root;
    Path tpl = root.resolve("template");
    Files.createDirectories(tpl);
    Path svm = Files.writeString(tpl.resolve("train.svm"), libsvm(new Random(1)));
    Run r = run(List.of("train", "--dataset", "libsvm:" + svm, "--model", "logistic", "--epochs", "1", "--batch-size",
        "4", "--lr", "0.1", "-q", "--out", tpl.resolve("run").toString()));
    if (r.exit != 0) {
      throw new IllegalStateException("the template run failed: " + r.err);
    }
    checkpointTemplate = tpl.resolve("run");
  }

  /** Cases run so far. */
  int cases() {
    return cases;
  }

  /** The broken rules found so far. */
  List<Defect> defects() {
    return defects;
  }

  /** How many cases ended with each exit status. */
  Map<String, Integer> exits() {
    return exits;
  }

  /** Runs {@code n} cases with seeds {@code firstSeed, firstSeed + 1, ...}. */
  void run(long firstSeed, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      runCase(firstSeed + i);
    }
  }

  // ------------------------------------------------------------------ one case

  private record Run(int exit, String out, String err, Throwable escaped) {}

  private static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    try {
      int exit = cl.execute(args.toArray(String[]::new));
      return new Run(exit, out.toString(), err.toString(), null);
    } catch (Throwable t) {
      return new Run(-1, out.toString(), err.toString(), t);
    }
  }

  private void runCase(long seed) throws IOException {
    Random rnd = new Random(seed);
    Path dir = root.resolve("case-" + seed);
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    List<String> args = switch (rnd.nextInt(10)) {
      case 0, 1, 2, 3 -> trainArgs(rnd, in, out);
      case 4, 5 -> resumeArgs(rnd, in, out);
      case 6 -> traceArgs(rnd, out);
      case 7 -> landscapeArgs(rnd, in, out);
      case 8 -> finiteSumArgs(rnd, in, out);
      default -> smallCommandArgs(rnd, in, out);
    };
    mutateFlags(rnd, args, dir);
    int o = args.lastIndexOf("--out");
    Path outArg = o >= 0 && o + 1 < args.size() ? Path.of(args.get(o + 1)).toAbsolutePath() : out;
    Map<String, String> before = hashes(in, outArg);
    List<String> cwdBefore = names(Path.of("").toAbsolutePath());
    Run r = run(args);
    cases++;
    exits.merge(Integer.toString(r.exit), 1, Integer::sum);
    String err = r.err.strip();
    if (r.escaped != null) {
      defects.add(new Defect(seed, args, r.exit, r.escaped.toString(), "an exception escaped the entry point"));
    } else if (r.exit < 0 || r.exit > 3) {
      defects.add(new Defect(seed, args, r.exit, err, "exit status not in the table"));
    } else if (r.exit != 0 && err.isEmpty()) {
      defects.add(new Defect(seed, args, r.exit, err, "failed without a message"));
    } else if (r.exit != 0 && !oneLine(err)) {
      defects.add(new Defect(seed, args, r.exit, err, "more than one line on stderr"));
    } else if (err.contains("\tat ") || err.contains("internal error") || err.contains("OutOfMemoryError")
        || err.contains("out of memory")) {
      defects.add(new Defect(seed, args, r.exit, err, "a stack trace, internal error or out of memory"));
    } else if (!hashes(in, outArg).equals(before) || !names(Path.of("").toAbsolutePath()).equals(cwdBefore)) {
      defects.add(new Defect(seed, args, r.exit, err, "a file outside --out changed (an input, or the working"
          + " directory's listing)"));
    }
    if (!Boolean.getBoolean("sgd4j.fuzz.keep")) {
      deleteTree(dir);
    }
  }

  /** One error line; warnings ("...: warning: ...") and notes about removed files may precede it. */
  private static boolean oneLine(String err) {
    String[] lines = err.split("\n");
    int errors = 0;
    for (String l : lines) {
      if (!l.contains(": warning: ") && !l.contains(": removed ")) {
        errors++;
      }
    }
    return errors == 1;
  }

  // ------------------------------------------------------------------ commands

  private List<String> trainArgs(Random rnd, Path in, Path out) throws IOException {
    List<String> a = new ArrayList<>(List.of("train", "-q", "--epochs", "1", "--batch-size", "4", "--out",
        out.toString()));
    String dataset;
    switch (rnd.nextInt(4)) {
      case 0 -> {
        Path f = writeMaybeGzip(rnd, in.resolve("d.csv"), mutateText(rnd, csv(rnd)));
        dataset = "csv:" + f;
        a.addAll(List.of("--task", rnd.nextBoolean() ? "regress" : "classify"));
      }
      case 1 -> {
        Path f = writeMaybeGzip(rnd, in.resolve("train.svm"), mutateText(rnd, libsvm(rnd)));
        Path t = writeMaybeGzip(rnd, in.resolve("test.svm"), mutateText(rnd, libsvm(rnd)));
        dataset = "libsvm:" + f + ",test=" + t;
      }
      case 2 -> dataset = "synthetic:" + pick(rnd, "linear", "logistic", "separable", "noisy", "bogus");
      default -> {
        Path f = writeMaybeGzip(rnd, in.resolve("d.svm"), mutateText(rnd, libsvm(rnd)));
        dataset = "libsvm:" + f + pick(rnd, "", "", "?dim=3", "?dim=0", "?labels=pm", "?dim=x", "?bogus");
      }
    }
    a.addAll(List.of("--dataset", dataset, "--train-limit", "40", "--test-limit", "20"));
    a.addAll(List.of("--model", pick(rnd, "logistic", "linear", "mlp", "logistic", "lenet")));
    if (rnd.nextInt(4) == 0) {
      Path init = in.resolve("init.safetensors");
      weights(rnd, init);
      a.addAll(List.of("--init", init.toString()));
    }
    if (rnd.nextInt(3) == 0) {
      Files.createDirectories(out);
      Files.writeString(out.resolve(pick(rnd, "metrics.csv", "checkpoint", "model.safetensors", "notes.txt")), "x");
    }
    return a;
  }

  private List<String> resumeArgs(Random rnd, Path in, Path out) throws IOException {
    copyTree(checkpointTemplate, out);
    Path ck = out.resolve("checkpoint");
    Path json = ck.resolve("checkpoint.json");
    switch (rnd.nextInt(4)) {
      case 0 -> Files.writeString(json, mutateJson(rnd, Files.readString(json)));
      case 1 -> {
        try (Stream<Path> s = Files.list(ck)) {
          List<Path> st = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
          Path victim = st.get(rnd.nextInt(st.size()));
          Files.write(victim, mutateBytes(rnd, Files.readAllBytes(victim)));
        }
      }
      case 2 -> Files.writeString(ck.resolve(".checkpoint.json." + rnd.nextInt(1000) + ".tmp"), "{\"half");
      default -> { }
    }
    String svm = checkpointTemplate.getParent().resolve("train.svm").toString();
    List<String> a = new ArrayList<>(List.of("train", "-q", "--resume", rnd.nextInt(8) == 0 ? ck.resolve("nope")
        .toString() : ck.toString(), "--out", out.toString()));
    if (rnd.nextBoolean()) {
      a.addAll(List.of("--dataset", "libsvm:" + svm, "--model", "logistic"));
    }
    return a;
  }

  private List<String> traceArgs(Random rnd, Path out) {
    List<String> a = new ArrayList<>(List.of("trace", "--out", out.toString(), "--steps",
        pick(rnd, "5", "20", "0", "-3", "100000000000", "abc")));
    a.addAll(List.of("--objective", pick(rnd, "x1^2 + 2*x2^2", "log(x1) + x2^2", "sqrt(x1) * x2", "x1/x2",
        "exp(x1*x2)", "x1 + (x2", "", "((((((((((x1))))))))))", "x1^x2", "1e400*x1", "abs(x1)+tanh(x2)")));
    a.addAll(List.of("--start", pick(rnd, "-5,-2", "1,1", "-1,1", "0,0", "1e308,1e308", "a,b", "1", "NaN,1")));
    a.addAll(List.of("--optimizer", pick(rnd, "gd", "momentum", "adagrad", "rmsprop", "adam", "lbfgs")));
    if (rnd.nextBoolean()) {
      a.add("--json");
    }
    return a;
  }

  private List<String> landscapeArgs(Random rnd, Path in, Path out) throws IOException {
    Path svm = writeMaybeGzip(rnd, in.resolve("d.svm"), mutateText(rnd, libsvm(rnd)));
    Path w = in.resolve("w.safetensors");
    weights(rnd, w);
    return new ArrayList<>(List.of("landscape", "--weights", w.toString(), "--model", "logistic", "--dataset",
        "libsvm:" + svm, "--points", pick(rnd, "5", "2", "1", "0", "2000000000"), "--grid",
        pick(rnd, "0", "3", "1", "-2", "100000"), "--train-limit", "20", "--test-limit", "0", "--out",
        out.toString()));
  }

  private List<String> finiteSumArgs(Random rnd, Path in, Path out) throws IOException {
    List<String> a = new ArrayList<>(List.of("finite-sum", "-q", "--epochs", pick(rnd, "1", "0.5", "0", "NaN"),
        "--out", out.toString()));
    if (rnd.nextBoolean()) {
      Path svm = writeMaybeGzip(rnd, in.resolve("d.svm"), mutateText(rnd, libsvm(rnd)));
      a.addAll(List.of("--dataset", "libsvm:" + svm));
    } else {
      a.addAll(List.of("--n", pick(rnd, "30", "1", "0", "-4", "2000000000"), "--dim",
          pick(rnd, "3", "1", "0", "100000")));
    }
    a.addAll(List.of("--problem", pick(rnd, "logistic", "least-squares", "quadratic", "cubic")));
    return a;
  }

  private List<String> smallCommandArgs(Random rnd, Path in, Path out) throws IOException {
    if (rnd.nextBoolean()) {
      Path svm = writeMaybeGzip(rnd, in.resolve("c.svm"), mutateText(rnd, libsvm(rnd)));
      Path air = Files.createDirectories(in.resolve("air"));
      Files.writeString(air.resolve("airfoil_self_noise.dat"), mutateText(rnd, airfoil(rnd)));
      return new ArrayList<>(List.of("conditioning", "--libsvm", svm.toString(), "--airfoil", air.toString(),
          "--max-iterations", "200", "--libsvm-rows", pick(rnd, "0", "10", "-5"), "--out", out.toString()));
    }
    return new ArrayList<>(List.of("bias-variance", "--replicates", pick(rnd, "5", "0", "-1", "2000000000"),
        "--test-points", pick(rnd, "10", "0", "1"), "--n", pick(rnd, "8", "1", "0"), "--max-degree",
        pick(rnd, "3", "-1", "1000"), "--degree", "3", "--lambdas", pick(rnd, "1e-3,1", "NaN", "-1", "1e-3,,1"),
        "--out", out.toString()));
  }

  // ------------------------------------------------------------------ flag mutations

  private static final List<String> NUMBERS = List.of("0", "-5", "-1", "1", "1e309", "NaN", "Infinity", "-Infinity",
      "abc", "", "2147483648", "2000000000", "1e-300", "0.5", "3", "0.1", "2", "4", "0.9", "1", "0.01", "8");

  private static final List<String> TRAIN_FLAGS = List.of("--lr", "--momentum", "--weight-decay", "--batch-size",
      "--epochs", "--seed", "--train-limit", "--test-limit", "--test-fraction", "--workers", "--threads",
      "--checkpoint-every", "--log-every", "--progress-every", "--early-stopping", "--beta1", "--eps", "--dampening");

  private static void mutateFlags(Random rnd, List<String> a, Path caseDir) {
    int mutations = pick(rnd, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3);
    for (int m = 0; m < mutations; m++) {
      switch (rnd.nextInt(9)) {
        case 0, 1, 2 -> {
          if (a.get(0).equals("train")) {
            a.addAll(List.of(pick(rnd, TRAIN_FLAGS.toArray(String[]::new)), pick(rnd, NUMBERS.toArray(String[]::new))));
          }
        }
        case 3 -> a.addAll(List.of("--optimizer", pick(rnd, "sgd", "adam", "adamw", "rmsprop", "lars", "nadam",
            "yogi", "adagrad", "adadelta", "lbfgs")));
        case 4 -> a.addAll(List.of("--lr-schedule", pick(rnd, "exp:-2", "exp:0.9", "step:0:0.5", "step:1:0.5",
            "cosine:0", "cosine:3:1", "onecycle:0", "onecycle:1e309", "plateau:1:2", "plateau:1:0.5", "warp", "exp:",
            ":", "step:1e9:1")));
        case 5 -> a.add(pick(rnd, "--json", "--no-shuffle", "--overwrite", "--nesterov", "--amsgrad", "--no-download",
            "--bogus", "--verbose=false"));
        case 6 -> {
          int i = a.indexOf("--out");
          if (i >= 0 && rnd.nextInt(3) == 0) {
            a.set(i + 1, pick(rnd, "", a.get(i + 1) + "/deeper/still", caseDir.resolve("in").resolve("d.svm")
                .toString()));
          }
        }
        case 7 -> { // values inside the case's directory: a --save there is the user's wish, not a stray write
          String flag = pick(rnd, "--spark-checkpoint-dir", "--save", "--data-dir", "--task");
          a.addAll(List.of(flag, flag.equals("--task") ? pick(rnd, "", "regress", "classify", "guess")
              : pick(rnd, "", caseDir.resolve("x").toString(), "/nonexistent/dir/f", caseDir.toString())));
        }
        default -> {
          if (a.size() > 3) {
            int i = 1 + rnd.nextInt(a.size() - 1);
            if (!a.get(i).equals("--out") && (i == 0 || !a.get(i - 1).equals("--out"))) {
              a.remove(i); // a dropped flag or a value left without its flag
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ file generators and mutations

  private static String libsvm(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int n = 8 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(i % 2 == 0 ? "+1" : "-1");
      for (int j = 1; j <= 3; j++) {
        if (rnd.nextInt(4) != 0) {
          sb.append(' ').append(j).append(':').append(String.format(java.util.Locale.ROOT, "%.3f", rnd.nextGaussian()));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String csv(Random rnd) {
    StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "a,b,y\n" : "");
    int n = 8 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%d%n", rnd.nextGaussian(), rnd.nextGaussian(), i % 3));
    }
    return sb.toString();
  }

  private static String airfoil(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 6; j++) {
        sb.append(j == 0 ? "" : "\t").append(String.format(java.util.Locale.ROOT, "%.3f", 1 + rnd.nextDouble()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  // mostly values that are wrong only in context, some that are not numbers at all
  private static final String[] TOKENS = {"200", "-7", "0.5", "1e39", "-4e38", "NaN", "inf", "2000000000:1", "0:1",
      "3:1 2:1", "x", "", "1:", ":", "#", "\u0000", "99999999999999999999", "1e-50", "+", "qid:3", "1:1e39", "\t",
      "3", "4:2", "1,2", ",,", "\"a\""};

  private static String mutateText(Random rnd, String text) {
    int kind = rnd.nextInt(8);
    if (kind == 0) {
      return text; // some inputs stay valid
    }
    if (kind == 1) {
      return text.substring(0, rnd.nextInt(text.length() + 1)); // truncated, possibly empty
    }
    String[] lines = text.split("\n", -1);
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int li = rnd.nextInt(lines.length);
      String[] tokens = lines[li].split(" ", -1);
      int ti = rnd.nextInt(tokens.length);
      tokens[ti] = rnd.nextBoolean() ? TOKENS[rnd.nextInt(TOKENS.length)]
          : tokens[ti] + TOKENS[rnd.nextInt(TOKENS.length)];
      lines[li] = String.join(rnd.nextInt(5) == 0 ? "," : " ", tokens);
    }
    return String.join("\n", lines);
  }

  private static Path writeMaybeGzip(Random rnd, Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int kind = rnd.nextInt(8);
    if (kind == 0) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (OutputStream o = new GZIPOutputStream(b)) {
        o.write(bytes);
      }
      bytes = b.toByteArray();
      if (rnd.nextBoolean()) {
        bytes = mutateBytes(rnd, bytes);
      }
    } else if (kind == 1) {
      Files.createDirectories(file); // a directory in the file's place
      return file;
    }
    Files.write(file, bytes);
    return file;
  }

  private static byte[] mutateBytes(Random rnd, byte[] b) {
    if (b.length == 0) {
      return b;
    }
    byte[] m = b.clone();
    switch (rnd.nextInt(4)) {
      case 0 -> m = Arrays.copyOf(m, rnd.nextInt(m.length)); // truncated
      case 1 -> {
        for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
          m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 2 -> { // a huge length or count in the first 8 bytes (the safetensors header length, an IDX count)
        int i = rnd.nextInt(Math.min(8, m.length));
        m[i] = (byte) 0x7f;
      }
      default -> {
        int i = rnd.nextInt(m.length);
        m[i] = (byte) rnd.nextInt(256);
      }
    }
    return m;
  }

  private static final String[] JSON_VALUES = {"\"two\"", "-1", "1e309", "null", "[]", "{}", "true", "2147483648",
      "99999999999999999999", "\"\"", "0.5", "\"NaN\""};

  /** Replaces one JSON value (after a random "key":) with a value of another type or range, or removes a key. */
  private static String mutateJson(Random rnd, String json) {
    List<int[]> values = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[a-z_0-9.]+\": ([^,{\\[\\n]+)").matcher(json);
    while (m.find()) {
      values.add(new int[] {m.start(1), m.end(1)});
    }
    if (values.isEmpty() || rnd.nextInt(10) == 0) {
      return json.substring(0, rnd.nextInt(json.length()));
    }
    int[] v = values.get(rnd.nextInt(values.size()));
    return json.substring(0, v[0]) + JSON_VALUES[rnd.nextInt(JSON_VALUES.length)] + json.substring(v[1]);
  }

  /** Logistic weights for 3 features (2 classes), sometimes non-finite, of the wrong shape, or damaged. */
  private static void weights(Random rnd, Path file) throws IOException {
    float[] w = new float[rnd.nextInt(6) == 0 ? 4 : 6];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    if (rnd.nextInt(4) == 0) {
      w[rnd.nextInt(w.length)] = rnd.nextBoolean() ? Float.NaN : Float.POSITIVE_INFINITY;
    }
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("1.weight", Tensor.wrap(w, 2, w.length / 2));
    t.put("1.bias", Tensor.of(0f, 0f));
    SafeTensors.write(file, t, Map.of());
    if (rnd.nextInt(3) == 0) {
      Files.write(file, mutateBytes(rnd, Files.readAllBytes(file)));
    }
  }

  @SafeVarargs
  private static <T> T pick(Random rnd, T... options) {
    return options[rnd.nextInt(options.length)];
  }

  // ------------------------------------------------------------------ files

  /** Path → content hash and time of every file under {@code dir} except those under {@code out}. */
  private static Map<String, String> hashes(Path dir, Path out) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (p.toAbsolutePath().startsWith(out)) {
          continue; // a mutated --out may point into the inputs: what is written there is the user's wish
        }
        String key = dir.relativize(p).toString();
        if (Files.isRegularFile(p)) {
          m.put(key, sha(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p));
        } else {
          m.put(key, "dir");
        }
      }
    }
    return m;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().equals(RunDirectory.LOCK)) {
          Files.copy(p, t);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Runs {@code args[0]} cases (default 3000) from seed {@code args[1]} (default 1) in a temporary
   * directory and prints the count, the exit statuses and every defect.
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Path root = Files.createTempDirectory("sgd4j-cli-fuzz");
    CliFuzz f = new CliFuzz(root);
    long t0 = System.nanoTime();
    int shown = 0;
    for (int done = 0; done < n; done += 100) {
      f.run(seed + done, Math.min(100, n - done));
      System.out.printf("%d cases, %d defects, %.0f s%n", f.cases(), f.defects().size(), (System.nanoTime() - t0) / 1e9);
      for (; shown < f.defects().size(); shown++) {
        System.out.println("DEFECT " + f.defects().get(shown));
      }
    }
    System.out.println("exit statuses: " + f.exits());
    deleteTree(root);
  }
}
