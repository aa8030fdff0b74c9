package org.sgd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.io.Json;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.tensor.Tensor;
import picocli.CommandLine;

/**
 * Issue 19, "nothing silent": each defect it lists, reproduced through the program's entry point on
 * generated bad files; each must now be refused with one line and a documented exit status, or
 * done and recorded as it was done.
 */
class NothingSilentTest {
  @TempDir Path dir;

  /** A run of the program in-process, as {@link TraceCommandTest} runs it. */
  static TraceCommandTest.Run run(String... args) {
    return TraceCommandTest.run(args);
  }

  static void assertRefused(TraceCommandTest.Run r, int exit, String... fragments) {
    assertThat(r.exit()).as(r.err()).isEqualTo(exit);
    assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("internal error")
        .contains(fragments);
  }

  /** A small run on synthetic separable data with explicit --out. */
  TraceCommandTest.Run train(String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "synthetic:separable", "--model", "logistic",
        "--train-limit", "64", "--test-limit", "32", "--epochs", "2", "--batch-size", "8", "--lr", "0.1", "-q",
        "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  /** A run on a file dataset, quiet, 1 epoch. */
  TraceCommandTest.Run trainOn(String dataset, String out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", dataset, "--epochs", "1", "--batch-size", "4",
        "--lr", "0.1", "-q", "--out", dir.resolve(out).toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  static Map<?, ?> json(Path file) throws Exception {
    return (Map<?, ?>) Json.parse(Files.readString(file));
  }

  static Map<?, ?> config(Path out) throws Exception {
    return (Map<?, ?>) json(out.resolve("metrics.json")).get("config");
  }

  // ------------------------------------------------------------------ 1. explicit data locations

  static void gz(Path file, byte[] content) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(content);
    }
  }

  static byte[] idxImages(int n) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * 28 * 28);
    b.putInt(0x803).putInt(n).putInt(28).putInt(28);
    for (int i = 0; i < n * 28 * 28; i++) {
      b.put((byte) (i * 7 % 256));
    }
    return b.array();
  }

  static byte[] idxLabels(int... labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  /** A structurally valid Fashion-MNIST copy of 8 train and 4 test images with the given train labels. */
  Path fashionCopy(String name, int... trainLabels) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name).resolve("fashion-mnist"));
    gz(d.resolve("train-images-idx3-ubyte.gz"), idxImages(trainLabels.length));
    gz(d.resolve("train-labels-idx1-ubyte.gz"), idxLabels(trainLabels));
    gz(d.resolve("t10k-images-idx3-ubyte.gz"), idxImages(4));
    gz(d.resolve("t10k-labels-idx1-ubyte.gz"), idxLabels(0, 1, 2, 3));
    return d.getParent();
  }

  @Test
  void anExplicitDataDirThatFailsIsAnErrorNotAFallback() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    assertRefused(trainOn("fashion-mnist", "a", "--data-dir", missing.toString()), 1,
        "--data-dir " + missing + " does not exist (no other location tried)");
    Path truncated = fashionCopy("truncated", 0, 1, 2, 3, 4, 5, 6, 7);
    Path images = truncated.resolve("fashion-mnist/train-images-idx3-ubyte.gz");
    byte[] whole = Files.readAllBytes(images);
    Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertRefused(trainOn("fashion-mnist", "b", "--data-dir", truncated.toString()), 1,
        "--data-dir " + truncated.resolve("fashion-mnist"), "train-images-idx3-ubyte.gz", "cannot be read",
        "no other location tried");
    Path magic = fashionCopy("magic", 0, 1, 2, 3);
    gz(magic.resolve("fashion-mnist/train-labels-idx1-ubyte.gz"), new byte[] {0, 0, 9, 9, 0, 0, 0, 4, 1, 2, 3, 4});
    assertRefused(trainOn("fashion-mnist", "c", "--data-dir", magic.toString()), 1, "train-labels-idx1-ubyte.gz",
        "no other location tried");
    Path hole = fashionCopy("hole", 0, 1);
    Files.delete(hole.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
    Files.createDirectory(hole.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
    assertRefused(trainOn("fashion-mnist", "d", "--data-dir", hole.toString()), 1,
        hole.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz") + " is a directory, not a file");
    Path mismatch = fashionCopy("mismatch", 0, 1, 2);
    gz(mismatch.resolve("fashion-mnist/train-images-idx3-ubyte.gz"), idxImages(5));
    assertRefused(trainOn("fashion-mnist", "e", "--data-dir", mismatch.toString()), 1, "cannot be read");
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("e")).doesNotExist();
  }

  @Test
  void aReadableRepackedCopyIsReadWithAWarningAndTheDirectoryIsRecorded() throws Exception {
    Path mine = fashionCopy("mine", 0, 1, 2, 3, 4, 5, 6, 7);
    TraceCommandTest.Run r = run("train", "--dataset", "fashion-mnist", "--data-dir", mine.toString(), "--epochs", "1", "--batch-size",
        "4", "--out", dir.resolve("o").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: --data-dir " + mine.resolve("fashion-mnist")
        + ": train-images-idx3-ubyte.gz: checksum mismatch").contains("read from " + mine.resolve("fashion-mnist")
            .toAbsolutePath() + " (--data-dir, not the published checksums)");
    assertThat(config(dir.resolve("o")).get("data_source")).isEqualTo(mine.resolve("fashion-mnist").toAbsolutePath()
        + " (--data-dir, not the published checksums)");
    Path stray = fashionCopy("stray", 0, 1, 200, 3);
    assertRefused(trainOn("fashion-mnist", "s", "--data-dir", stray.toString()), 1,
        stray.resolve("fashion-mnist/train-labels-idx1-ubyte.gz") + ": byte 10: label 200 of example 2 outside the"
            + " class range [0, 10)", "no other location tried");
  }

  // ------------------------------------------------------------------ 2. resume

  @Test
  void resumeRefusesConflictingFlagsNamingBothValuesAndAdoptsTheRest() throws Exception {
    assertThat(train("r", "--momentum", "0.9").exit()).isZero();
    String ck = dir.resolve("r/checkpoint").toString();
    String out = dir.resolve("r").toString();
    assertRefused(run("train", "--resume", ck, "--out", out, "--lr", "0.05"), 2,
        "--lr 0.05 differs from the checkpoint's 0.1");
    assertRefused(run("train", "--resume", ck, "--out", out, "--momentum", "0.5", "--seed", "3"), 2,
        "--seed 3 differs from the checkpoint's 0", "--momentum 0.5 differs from the checkpoint's 0.9");
    assertRefused(run("train", "--resume", ck, "--out", out, "--dataset", "synthetic:noisy"), 2,
        "--dataset synthetic:noisy differs from the checkpoint's synthetic:separable");
    assertRefused(run("train", "--resume", ck, "--out", out, "--batch-size", "16"), 2,
        "--batch-size 16 differs from the checkpoint's 8");
    assertRefused(run("train", "--resume", ck, "--out", out, "--train-limit", "32"), 2,
        "--train-limit 32 differs from the checkpoint's 64");
    assertRefused(run("train", "--resume", ck, "--out", out, "--model", "linear"), 2,
        "--model linear differs from the checkpoint's logistic");
    assertRefused(run("train", "--resume", ck, "--out", out, "--optimizer", "adam"), 2,
        "--optimizer adam differs from the checkpoint's sgd");
    assertRefused(run("train", "--resume", ck, "--out", out, "--lr-schedule", "exp:0.5"), 2,
        "--lr-schedule exp:0.5 differs from the checkpoint's (none)");
    assertRefused(run("train", "--resume", ck, "--out", out, "--workers", "2"), 2,
        "--workers 2 differs from the checkpoint's 1");
    assertRefused(run("train", "--resume", ck, "--out", out, "--epochs", "1"), 2,
        "--epochs 1 is fewer than the 2 epochs the checkpoint has done");
    // only --resume, --out and a longer --epochs: the rest comes from the checkpoint, and is recorded
    TraceCommandTest.Run r = run("train", "--resume", ck, "--out", out, "--epochs", "3", "-q");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<?, ?> c = config(dir.resolve("r"));
    assertThat(c.get("dataset")).isEqualTo("synthetic:separable");
    assertThat(c.get("batch_size")).isEqualTo(8L);
    assertThat(c.get("epochs")).isEqualTo(3L);
    assertThat(c.get("title")).isEqualTo("Optimizer-SGD lr-0.1 mt-0.9 bs-8");
    assertThat(Files.readAllLines(dir.resolve("r/metrics.csv"))).hasSize(4);
  }

  @Test
  void aHandEditedCheckpointIsAClearError() throws Exception {
    assertThat(train("h").exit()).isZero();
    Path file = dir.resolve("h/checkpoint/checkpoint.json");
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("\"epoch\": 2", "\"epoch\": \"two\""));
    assertRefused(run("train", "--resume", file.getParent().toString(), "--out", dir.resolve("h").toString()), 1,
        "entry \"epoch\" is \"two\", expected a non-negative integer below 2^31 (the file was edited or damaged)");
    Files.writeString(file, text.replaceFirst("\"batch_size\": 8", "\"batch_size\": \"eight\""));
    assertRefused(run("train", "--resume", file.getParent().toString(), "--out", dir.resolve("h").toString()), 1,
        "entry \"config.batch_size\" is \"eight\"");
    // found by the fuzz: a null where a number belongs was a NullPointerException
    Files.writeString(file, text.replaceFirst("\"batch_size\": 8", "\"batch_size\": null"));
    assertRefused(run("train", "--resume", file.getParent().toString(), "--out", dir.resolve("h").toString()), 1,
        "entry \"config.batch_size\" is missing, expected a value of --batch-size");
    // found by the fuzz: an epoch beyond int reached the trainer as a negative one
    Files.writeString(file, text.replaceFirst("\"epoch\": 2", "\"epoch\": 2147483648"));
    assertRefused(run("train", "--resume", file.getParent().toString(), "--out", dir.resolve("h").toString()), 1,
        "entry \"epoch\" is \"2147483648\", expected a non-negative integer below 2^31");
    Files.writeString(file, "{\"format\": ");
    assertRefused(run("train", "--resume", file.getParent().toString(), "--out", dir.resolve("h").toString()), 1,
        "is not valid JSON");
  }

  @Test
  void resumeRemovesTheTemporaryFilesOfAKilledCheckpointWrite() throws Exception {
    assertThat(train("k").exit()).isZero();
    Path orphan = Files.writeString(dir.resolve("k/checkpoint/.checkpoint.json.123456.tmp"), "{\"half");
    TraceCommandTest.Run r = run("train", "--resume", dir.resolve("k/checkpoint").toString(), "--out", dir.resolve("k").toString(),
        "--epochs", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(orphan).doesNotExist();
    assertThat(r.err()).contains("removed " + orphan + ", left by a checkpoint write that was killed");
  }

  // ------------------------------------------------------------------ 3. runs are never overwritten

  @Test
  void aDirectoryHoldingARunIsRefusedUnlessOverwrite() throws Exception {
    assertThat(train("o").exit()).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("o/metrics.csv"));
    assertRefused(train("o", "--lr", "0.2"), 2, "--out " + dir.resolve("o") + " already holds a run", "--overwrite");
    assertThat(Files.readAllBytes(dir.resolve("o/metrics.csv"))).isEqualTo(before);
    assertThat(train("o", "--lr", "0.2", "--overwrite").exit()).isZero();
    assertThat(config(dir.resolve("o")).get("title")).isEqualTo("Optimizer-SGD lr-0.2 mt-0.5 bs-8");
    assertRefused(run("train", "--out", ""), 2, "--out is empty");
  }

  @Test
  void aSecondRunOnALockedDirectoryIsRefusedNamingTheHolder() throws Exception {
    Path out = Files.createDirectories(dir.resolve("locked"));
    try (FileChannel ch = FileChannel.open(out.resolve(RunDirectory.LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = ch.lock()) {
      ch.write(ByteBuffer.wrap("4242\n".getBytes(StandardCharsets.US_ASCII)));
      assertRefused(train("locked"), 1, "--out " + out + " is in use by another sgd4j run (pid 4242)");
      assertThat(held.isValid()).isTrue();
    }
    assertThat(out.resolve("metrics.csv")).doesNotExist();
    assertThat(train("locked").exit()).isZero(); // free again
  }

  @Test
  void aRunOnADirectoryLockedByAnotherProcessIsRefusedNamingItsPid() throws Exception {
    Path out = Files.createDirectories(dir.resolve("other"));
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), out.resolve(RunDirectory.LOCK).toString())
        .redirectErrorStream(true).start();
    try {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      assertThat(line).isEqualTo("locked");
      assertRefused(train("other"), 1, "--out " + out + " is in use by another sgd4j run (pid " + holder.pid() + ")");
      assertThat(out.resolve("metrics.csv")).doesNotExist();
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    assertThat(train("other").exit()).isZero();
  }

  // ------------------------------------------------------------------ 4. the task is stated

  @Test
  void labelsOutsideTheExpectedSetAreErrorsNamingFileLineAndValue() throws Exception {
    Path pm = Files.writeString(dir.resolve("pm.svm"), "+1 1:0.5 2:1\n-1 1:0.1 2:0.3\n# a comment\n200 1:1 2:1\n");
    assertRefused(trainOn("libsvm:" + pm, "pm", "--model", "logistic"), 1, pm + ":4: label 200 is not -1 or +1");
    Path zo = Files.writeString(dir.resolve("zo.svm"), "0 1:0.5\n1 1:0.1\n1 1:0.2\n200 1:1\n");
    assertRefused(trainOn("libsvm:" + zo, "zo", "--model", "logistic"), 1, zo + ":4: label 200 is not a class 0..2");
    Path csv = Files.writeString(dir.resolve("int.csv"), "a,b,y\n1,2,3\n4,5,131\n7,8,9\n");
    assertRefused(trainOn("csv:" + csv, "csv", "--model", "linear"), 2, "csv:" + csv
        + " does not declare whether it is a classification or a regression: add --task classify or --task regress");
    TraceCommandTest.Run r = run("train", "--dataset", "csv:" + csv, "--task", "regress", "--model", "linear", "--epochs", "1",
        "--batch-size", "2", "--lr", "0.001", "--out", dir.resolve("reg").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("regression");
    assertThat(config(dir.resolve("reg")).get("task")).isEqualTo("regress");
    assertRefused(trainOn("csv:" + csv, "csv2", "--task", "guess"), 2, "--task must be classify or regress");
  }

  @Test
  void aDatasetWithoutExamplesIsAnError() throws Exception {
    Path header = Files.writeString(dir.resolve("header.csv"), "a,b,y\n");
    assertRefused(trainOn("csv:" + header, "e1", "--task", "regress"), 1, "has no examples");
    Path empty = Files.writeString(dir.resolve("empty.svm"), "");
    assertRefused(trainOn("libsvm:" + empty, "e2"), 1, empty.toString());
    assertThat(dir.resolve("e1")).doesNotExist();
    Path nothing = Files.writeString(dir.resolve("nothing.csv"), "");
    assertRefused(trainOn("csv:" + nothing, "e3", "--task", "regress"), 1, nothing + ": no columns (an empty file)");
  }

  // ------------------------------------------------------------------ 5. test data is test data

  @Test
  void aFileDatasetHasNoTestSplitUnlessGivenOneOrAHeldOutFraction() throws Exception {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      a.append(i % 2 == 0 ? "+1" : "-1").append(" 1:").append(i % 2 == 0 ? 1 : -1).append(" 2:").append(i * 0.01)
          .append('\n');
      b.append(i % 2 == 0 ? "-1" : "+1").append(" 1:").append(i % 2 == 0 ? -1 : 1).append('\n');
    }
    Path trainFile = Files.writeString(dir.resolve("train.svm"), a);
    Path testFile = Files.writeString(dir.resolve("test.svm"), b.substring(0, b.length() / 2));
    TraceCommandTest.Run none = trainOn("libsvm:" + trainFile, "none", "--model", "logistic");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(config(dir.resolve("none")).get("test_size")).isEqualTo(0L);
    assertThat(config(dir.resolve("none")).get("test_split")).isEqualTo("none");
    TraceCommandTest.Run loud = run("train", "--dataset", "libsvm:" + trainFile, "--model", "logistic", "--epochs", "1",
        "--out", dir.resolve("loud").toString());
    assertThat(loud.err()).contains("(40 train, no test split;");
    assertThat(loud.out()).doesNotContain("Accuracy");
    TraceCommandTest.Run own = trainOn("libsvm:" + trainFile + ",test=" + testFile, "own", "--model", "logistic");
    assertThat(own.exit()).as(own.err()).isZero();
    assertThat(config(dir.resolve("own")).get("test_size")).isEqualTo(20L);
    TraceCommandTest.Run held = trainOn("libsvm:" + trainFile, "held", "--model", "logistic", "--test-fraction", "0.25", "--seed", "5");
    assertThat(held.exit()).as(held.err()).isZero();
    assertThat(config(dir.resolve("held")).get("test_size")).isEqualTo(10L);
    assertThat(config(dir.resolve("held")).get("train_size")).isEqualTo(30L);
    trainOn("libsvm:" + trainFile, "held2", "--model", "logistic", "--test-fraction", "0.25", "--seed", "5");
    assertThat(Files.readAllBytes(dir.resolve("held2/model.safetensors")))
        .isEqualTo(Files.readAllBytes(dir.resolve("held/model.safetensors"))); // seeded: the same split
    assertRefused(trainOn("libsvm:" + trainFile, "f", "--test-fraction", "1.5"), 2,
        "--test-fraction must be between 0 and 1");
  }

  // ------------------------------------------------------------------ 6. NaN in the lab

  @Test
  void aTraceThatLeavesTheDomainExitsThreeSayingWhere() throws Exception {
    TraceCommandTest.Run r = run("trace", "--objective", "log(x1) + x2^2", "--start", "-1,1", "--steps", "5", "--out",
        dir.resolve("t").toString());
    assertRefused(r, 3, "diverged: trace: f = NaN at step 0, x = (-1.00000, 1.00000): the iterate left the"
        + " objective's domain");
    TraceCommandTest.Run j = run("trace", "--objective", "log(x1) + x2^2", "--start", "-1,1", "--steps", "5", "--json", "--out",
        dir.resolve("tj").toString());
    assertThat(j.exit()).isEqualTo(3);
    assertThat(Json.parse(j.out().strip())).isInstanceOf(Map.class);
    TraceCommandTest.Run d = run("trace", "--lr", "10", "--steps", "400", "--out", dir.resolve("td").toString());
    assertRefused(d, 3, "the iterates diverged");
    // found by the fuzz: an infinite iterate in --json (a NullPointerException before)
    TraceCommandTest.Run e = run("trace", "--objective", "exp(x1*x2)", "--start", "-5,-2", "--steps", "5", "--json", "--out",
        dir.resolve("te").toString());
    assertRefused(e, 3, "diverged: trace: f = ");
    assertThat(Json.parse(e.out().strip())).isInstanceOf(Map.class);
  }

  @Test
  void aLandscapeOfNonFiniteWeightsIsAnError() throws Exception {
    Path csv = dir.resolve("small.svm");
    Files.writeString(csv, "+1 1:1 2:0\n-1 1:0 2:1\n+1 1:1 2:1\n-1 1:0 2:0\n");
    Tensor w = Tensor.of(1f, Float.NaN, 0f, 1f).reshape(2, 2);
    Path weights = dir.resolve("nan.safetensors");
    SafeTensors.write(weights, Map.of("1.weight", w, "1.bias", Tensor.of(0f, 0f)), Map.of());
    assertRefused(run("landscape", "--weights", weights.toString(), "--model", "logistic", "--dataset", "libsvm:"
        + csv, "--out", dir.resolve("l").toString()), 1, "--weights " + weights
            + ": tensor 1.weight holds NaN at index 1 (weights must be finite)");
    assertRefused(run("landscape", "--weights", weights.toString(), "--points", "1"), 2, "--points must be >= 2");
  }

  // ------------------------------------------------------------------ crashes

  @Test
  void nonFiniteHyperParametersAreRefusedNamingTheFlag() {
    assertRefused(run("train", "--lr", "Infinity"), 2, "--lr must be a finite number, got Infinity");
    assertRefused(run("train", "--momentum", "NaN"), 2, "--momentum must be a finite number, got NaN");
    assertRefused(run("train", "--optimizer", "adam", "--beta2", "-Infinity"), 2, "--beta2 must be a finite number");
  }

  @Test
  void aFloatOverflowingValueIsADataErrorNamingFileAndLine() throws Exception {
    Path csv = Files.writeString(dir.resolve("big.csv"), "a,y\n1,2\n1e39,3\n");
    assertRefused(trainOn("csv:" + csv, "big", "--task", "regress", "--model", "linear"), 1,
        csv + ":3: a feature value is beyond float32's range");
    Path svm = Files.writeString(dir.resolve("big.svm"), "1 1:1\n-1 1:-4e38\n");
    assertRefused(trainOn("libsvm:" + svm, "big2"), 1, svm + ":2: a feature value is beyond float32's range");
  }

  @Test
  void aHugeFeatureIndexIsRefusedWithTheMemoryItNeeds() throws Exception {
    Path svm = Files.writeString(dir.resolve("huge.svm"), "1 2000000000:1\n");
    assertRefused(trainOn("libsvm:" + svm, "huge"), 1, svm + ": the dense 1 x 2000000000 matrix", "would need",
        "MiB");
  }

  @Test
  void nonFiniteInitialWeightsAreAnInitError() throws Exception {
    Path init = dir.resolve("init.safetensors");
    float[] w = new float[40];
    w[7] = Float.POSITIVE_INFINITY;
    SafeTensors.write(init, Map.of("1.weight", Tensor.wrap(w, 2, 20)), Map.of());
    assertRefused(train("i", "--init", init.toString()), 1, "--init " + init
        + ": tensor 1.weight holds Infinity at index 7 (weights must be finite)");
  }

  @Test
  void outputProblemsAreFoundBeforeTrainingAndLeaveNoEmptyRunDirectory() throws Exception {
    Path out = dir.resolve("c");
    assertRefused(train("c", "--save", dir.resolve("no/such/dir/w.safetensors").toString()), 1,
        "--save " + dir.resolve("no/such/dir/w.safetensors") + ": the directory " + dir.resolve("no/such/dir")
            + " does not exist");
    assertThat(out).doesNotExist();
    assertRefused(train("c", "--save", dir.toString()), 1, "--save " + dir + " is a directory");
    Files.createDirectories(out);
    Files.writeString(out.resolve("checkpoint"), "a file where the checkpoint directory goes");
    assertRefused(train("c", "--overwrite"), 1, "cannot write the checkpoint into " + out.resolve("checkpoint"));
    assertThat(out.resolve("metrics.csv")).doesNotExist();
  }

  @Test
  void aBadScheduleParameterIsNamed() {
    assertRefused(train("s", "--lr-schedule", "exp:-2"), 2, "--lr-schedule 'exp:-2': GAMMA must be a positive finite"
        + " number, got -2.0");
    assertRefused(train("s", "--lr-schedule", "step:0:0.5"), 2, "SIZE must be an integer >= 1, got 0");
    assertRefused(train("s", "--lr-schedule", "plateau:2:1.5"), 2, "FACTOR must be in (0, 1)");
  }

  @Test
  void aDirectoryOrAnEmptyGzipInAFilesPlaceIsNamed() throws Exception {
    Path d = Files.createDirectories(dir.resolve("adir.svm"));
    TraceCommandTest.Run r = trainOn("libsvm:" + d, "x");
    assertRefused(r, 1, d.toString());
    Path emptyGz = dir.resolve("empty.svm.gz");
    gz(emptyGz, new byte[0]);
    assertRefused(trainOn("libsvm:" + emptyGz, "y"), 1, emptyGz.toString());
    Path zero = Files.write(dir.resolve("zero.csv.gz"), new byte[] {0x1f, (byte) 0x8b});
    assertRefused(trainOn("csv:" + zero, "z", "--task", "regress"), 1, zero.toString());
  }

  @Test
  void outOfRangeValuesAndFlagsWithoutEffectAreRefused() {
    assertRefused(run("conditioning", "--libsvm-rows", "-5"), 2, "--libsvm-rows must be >= 0 (0 = all), got -5");
    assertRefused(run("train", "--spark-checkpoint-dir", "/tmp/x"), 2,
        "--spark-checkpoint-dir has no effect without --spark-master");
    assertRefused(run("trace", "--steps", "-1"), 2, "--steps must be >= 0, got -1");
    assertRefused(run("trace", "--steps", "2000000000"), 1, "--steps 2000000000 would need", "MiB");
    assertRefused(run("bias-variance", "--replicates", "0"), 2, "--replicates");
    assertRefused(run("finite-sum", "--n", "2000000000", "--dim", "2000"), 1, "would need");
    assertRefused(run("finite-sum", "--n", "1", "--dim", "100000", "--problem", "quadratic"), 1,
        "a 100000 x 100000 matrix (--dim 100000) would need"); // found by the fuzz: an OutOfMemoryError before
    assertRefused(run("train", "--init", "w.safetensors", "--resume", "ck"), 2, "--init has no effect with --resume");
    assertRefused(run("train", "--threads", "5000"), 2, "--threads 5000 is more than the 4096 kernel threads");
    // found by the fuzz: a run of 2e9 epochs grew its history until the machine gave out
    assertRefused(run("train", "--epochs", "2000000000"), 1, "--epochs 2000000000 (the history keeps a row of each"
        + " epoch) would need");
  }

  @Test
  void aRunThatFailsLateHasWrittenItsHistoryFirst() throws Exception {
    Path out = Files.createDirectories(dir.resolve("late"));
    // the checkpoint of step 8 (the end of epoch 1: 64 examples, batch 8) cannot be written: a directory is in its way
    Files.createDirectories(out.resolve("checkpoint/model-step8.safetensors/x"));
    TraceCommandTest.Run r = train("late", "--overwrite");
    assertRefused(r, 1, "cannot write a checkpoint into " + out.resolve("checkpoint"));
    assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(2); // the header and epoch 1
  }

  @Test
  void resumingOnChangedDataIsExplainedInTheUsersTerms() throws Exception {
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      a.append(i % 2 == 0 ? "+1 1:1\n" : "-1 1:-1\n");
    }
    Path svm = Files.writeString(dir.resolve("grow.svm"), a);
    assertThat(trainOn("libsvm:" + svm, "g", "--model", "logistic").exit()).isZero();
    Files.writeString(svm, a.toString() + a);
    assertRefused(run("train", "--resume", dir.resolve("g/checkpoint").toString(), "--out",
        dir.resolve("g").toString()), 1, "the training set has 48 examples, the checkpoint's run had 24 (the data"
            + " changed since)");
  }

  @Test
  void aHugeHeaderCountInAnExplicitCopyIsAnErrorNotAnAllocation() throws Exception {
    Path big = fashionCopy("count", 0, 1, 2, 3);
    byte[] labels = idxLabels(0, 1, 2, 3);
    labels[4] = 0x7f;
    labels[5] = (byte) 0xff;
    labels[6] = (byte) 0xff;
    labels[7] = (byte) 0xff;
    gz(big.resolve("fashion-mnist/train-labels-idx1-ubyte.gz"), labels);
    assertRefused(trainOn("fashion-mnist", "hc", "--data-dir", big.toString()), 1, "train-labels-idx1-ubyte.gz",
        "no other location tried");
  }

  @Test
  void aDamagedAirfoilFileIsNamed() throws Exception {
    // found by the fuzz: a row of 3 columns was an ArrayIndexOutOfBoundsException in conditioning
    Path air = Files.createDirectories(dir.resolve("air"));
    Files.writeString(air.resolve("airfoil_self_noise.dat"), "1\t2\t3\n4\t5\t6\n");
    assertRefused(run("conditioning", "--airfoil", air.toString(), "--out", dir.resolve("c").toString()), 1,
        air.resolve("airfoil_self_noise.dat") + ": 2 rows of 3 columns; the airfoil data has 6 tab-separated columns");
  }

  // ------------------------------------------------------------------ exit codes

  @Test
  void everyCommandsHelpShowsTheSameExitStatusTable() {
    for (String command : List.of("train", "trace", "landscape", "finite-sum", "sweep", "conditioning")) {
      TraceCommandTest.Run r = run(command, "--help");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("Exit status:").contains("0     done")
          .contains("1     bad input or data").contains("2     bad command line").contains("3     diverged")
          .contains("130   interrupted by SIGINT").contains("143   terminated by SIGTERM");
    }
  }

  @SuppressWarnings("unused")
  private static byte[] bytes(ByteArrayOutputStream b) {
    return b.toByteArray();
  }
}
