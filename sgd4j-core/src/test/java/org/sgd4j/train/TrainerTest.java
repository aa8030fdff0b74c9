package org.sgd4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.io.Json;
import org.sgd4j.nn.Linear;
import org.sgd4j.nn.Module;
import org.sgd4j.nn.ReLU;
import org.sgd4j.nn.Sequential;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.optim.Adam;
import org.sgd4j.optim.Optimizer;
import org.sgd4j.optim.SGD;
import org.sgd4j.optim.schedule.CosineAnnealingLR;
import org.sgd4j.optim.schedule.ReduceLROnPlateau;
import org.sgd4j.tensor.GradMode;
import org.sgd4j.tensor.Rng;
import org.sgd4j.tensor.Tensor;

class TrainerTest {
  @TempDir Path dir;

  /** 64 examples of 8 features in 3 classes (the class is the arg-max of the first 3 features). */
  static TensorDataset synthetic(int n) {
    Rng rng = new Rng(11);
    Tensor x = Tensor.randn(rng, n, 8);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      float a = x.get(i, 0), b = x.get(i, 1), c = x.get(i, 2);
      y[i] = a >= b && a >= c ? 0 : b >= c ? 1 : 2;
    }
    return new TensorDataset(x, Tensor.wrap(y, n));
  }

  static Module mlp(long seed) {
    Rng rng = new Rng(seed);
    return new Sequential(new Linear(8, 16, rng), new ReLU(), new Linear(16, 3, rng));
  }

  /** One complete set-up: model, optimizer, loaders, trainer with the given extra callbacks. */
  static Trainer trainer(long initSeed, Function<List<Tensor>, Optimizer<?>> opt, List<Callback> extra, int epochs) {
    TensorDataset data = synthetic(64);
    Module model = mlp(initSeed);
    DataLoader train = DataLoader.of(data).batchSize(5).shuffle(true).seed(7).build();
    DataLoader test = DataLoader.of(synthetic(20)).batchSize(8).build();
    Optimizer<?> optimizer = opt.apply(model.parameters());
    Trainer.Builder b = Trainer.builder(model, new CrossEntropyLoss(), optimizer, train)
        .test(test).epochs(epochs).config(Map.of("model", "mlp"));
    // Stateful schedules, both checkpointed: a chainable cosine per step and a plateau detector per epoch.
    b.callback(SchedulerStepping.perStep(new CosineAnnealingLR(optimizer, 20, 1e-3)));
    b.callback(SchedulerStepping.onPlateau(new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0.5,
        ReduceLROnPlateau.ThresholdMode.REL, 0, new double[1], 1e-8)));
    b.callback(new EarlyStopping(5, 0));
    extra.forEach(b::callback);
    return b.build();
  }

  static Callback stopAt(long step) {
    return new Callback() {
      @Override
      public void onBatchEnd(Trainer t, int batchIndex, int batchSize, double loss) {
        if (t.step() == step) {
          t.requestStop("interrupted at step " + step);
        }
      }
    };
  }

  static void assertBitIdentical(Module a, Module b) {
    Map<String, Tensor> sa = a.stateDict();
    Map<String, Tensor> sb = b.stateDict();
    assertThat(sb.keySet()).isEqualTo(sa.keySet());
    for (String k : sa.keySet()) {
      float[] x = sa.get(k).toArray();
      float[] y = sb.get(k).toArray();
      for (int i = 0; i < x.length; i++) {
        assertThat(Float.floatToRawIntBits(y[i])).as("%s[%d]: %s vs %s", k, i, x[i], y[i])
            .isEqualTo(Float.floatToRawIntBits(x[i]));
      }
    }
  }

  @ParameterizedTest(name = "interrupted after step {0}")
  // 13 batches per epoch: mid-epoch, after an epoch's last batch but before its test loop, mid second epoch
  @ValueSource(ints = {6, 13, 20})
  void resumingFromACheckpointEndsWithTheWeightsOfAnUninterruptedRun(int stopStep) throws IOException {
    for (Function<List<Tensor>, Optimizer<?>> opt : List.<Function<List<Tensor>, Optimizer<?>>>of(
        p -> new SGD(p, SGD.options().withLr(0.1).withMomentum(0.9)),
        p -> new Adam(p, Adam.options().withLr(0.01)))) {
      LossTrace wholeTrace = new LossTrace(4);
      Trainer whole = trainer(1, opt, List.of(wholeTrace), 3);
      TrainResult full = whole.fit();
      assertThat(full.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(full.steps()).isEqualTo(39);

      Path ck = dir.resolve("ck" + stopStep + opt.hashCode());
      Trainer first = trainer(1, opt, List.of(new LossTrace(4), new Checkpointing(ck, stopStep), stopAt(stopStep)), 3);
      TrainResult part = first.fit();
      assertThat(part.status()).isEqualTo(RunStatus.STOPPED);
      assertThat(part.steps()).isEqualTo(stopStep);

      // A different initialisation: everything must come from the checkpoint.
      LossTrace resumedTrace = new LossTrace(4);
      Trainer resumed = trainer(99, opt, List.of(resumedTrace), 3);
      resumed.resume(ck);
      assertThat(resumed.step()).isEqualTo(stopStep);
      TrainResult rest = resumed.fit();
      assertThat(rest.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(rest.steps()).isEqualTo(39);
      assertThat(rest.samplesSeen()).isEqualTo(full.samplesSeen());
      assertBitIdentical(whole.model(), resumed.model());
      assertThat(resumed.lr()).isEqualTo(whole.lr());
      assertThat(resumedTrace.points()).hasSize(9).isEqualTo(wholeTrace.points());
      for (int i = 0; i < 3; i++) {
        HistoryRow a = full.history().get(i);
        HistoryRow b = rest.history().get(i);
        assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
        assertThat(b.testLoss()).isEqualTo(a.testLoss());
        assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
        assertThat(b.samplesSeen()).isEqualTo(a.samplesSeen());
      }
    }
  }

  @Test
  void aDamagedCheckpointIsRefusedNamingTheFile() throws IOException {
    Path ck = dir.resolve("ck");
    trainer(1, p -> new SGD(p, SGD.options().withLr(0.1)), List.of(new Checkpointing(ck, 4), stopAt(4)), 1).fit();
    Path model = ck.resolve("model-step4.safetensors");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length - 1] ^= 1;
    Files.write(model, bytes);
    Trainer t = trainer(1, p -> new SGD(p, SGD.options().withLr(0.1)), List.of(), 1);
    assertThatThrownBy(() -> t.resume(ck)).isInstanceOf(IOException.class)
        .hasMessageContaining("model-step4.safetensors").hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> t.resume(dir.resolve("none"))).isInstanceOf(IOException.class)
        .hasMessageContaining("no checkpoint at");
    Path json = ck.resolve(Checkpoint.FILE);
    Files.writeString(json, "{\"format\": \"sgd4j-checkpoint-1\", \"files\": 3}");
    assertThatThrownBy(() -> t.resume(ck)).isInstanceOf(IOException.class).hasMessageContaining("malformed \"files\"");
    Files.writeString(json, "{\"format\": \"other\"}");
    assertThatThrownBy(() -> t.resume(ck)).isInstanceOf(IOException.class).hasMessageContaining("not an sgd4j checkpoint");
  }

  @Test
  void aLoaderThatIsAlreadyAheadIsRefused() {
    Module model = mlp(1);
    DataLoader train = DataLoader.of(synthetic(20)).batchSize(5).build();
    for (var batch : train) {
      assertThat(batch.size()).isEqualTo(5); // one whole epoch consumed before the trainer starts
    }
    Trainer t = Trainer.builder(model, new CrossEntropyLoss(), new SGD(model.parameters(), SGD.options()), train).build();
    assertThatThrownBy(t::fit).isInstanceOf(IllegalStateException.class)
        .hasMessage("the training loader is at epoch 2 but the trainer at epoch 1: give the trainer a fresh DataLoader,"
            + " or resume from a checkpoint");
  }

  @Test
  void checkpointsKeepOnlyTheLatestStepFiles() throws IOException {
    Path ck = dir.resolve("ck");
    trainer(1, p -> new SGD(p, SGD.options().withLr(0.1)), List.of(new Checkpointing(ck, 5)), 1).fit();
    try (var s = Files.list(ck)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("checkpoint.json", "model-step13.safetensors", "optimizer-step13.safetensors");
    }
  }

  /** 20 examples, no shuffle; example {@code nanAt} has a NaN feature. */
  static Trainer nanRun(int nanAt, Path out) {
    TensorDataset clean = synthetic(20);
    float[] x = clean.x().toArray();
    x[nanAt * 8 + 3] = Float.NaN;
    TensorDataset data = new TensorDataset(Tensor.wrap(x, 20, 8), clean.y());
    Module model = mlp(1);
    DataLoader train = DataLoader.of(data).batchSize(2).build();
    return Trainer.builder(model, new CrossEntropyLoss(), new SGD(model.parameters(), SGD.options().withLr(0.1)), train)
        .epochs(2).callback(new MetricsExport(out)).build();
  }

  @Test
  void aNonFiniteLossStopsTheRunNamingTheStepAndLrAndKeepsTheHistory() throws IOException {
    Trainer t = nanRun(27 - 20, dir); // example 7 is in batch 4 (examples 6, 7): step 4
    TrainResult r = t.fit();
    assertThat(r.status()).isEqualTo(RunStatus.DIVERGED);
    assertThat(r.message()).isEqualTo(
        "loss is NaN at step 4 (epoch 1, batch 4) with lr=0.1: training diverged; try a smaller learning rate");
    assertThat(r.steps()).isEqualTo(3);
    assertThat(r.history()).hasSize(1);
    assertThat(r.history().get(0).samplesSeen()).isEqualTo(6);
    for (Tensor p : t.model().parameters()) {
      for (float v : p.toArray()) {
        assertThat(v).isFinite(); // the step with the NaN loss was not applied
      }
    }
    Map<?, ?> json = (Map<?, ?>) parse(dir.resolve("metrics.json"));
    assertThat(json.get("status")).isEqualTo("diverged");
    assertThat((List<?>) json.get("history")).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("metrics.csv"))).hasSize(2).first().isEqualTo(HistoryRow.CSV_HEADER);
  }

  static Object parse(Path p) throws IOException {
    try {
      return Json.parse(Files.readString(p));
    } catch (org.sgd4j.io.JsonException e) {
      throw new IOException(e);
    }
  }

  /** Zero weights give zero logits, so the loss is ln 3 and every prediction is class 0; lr 0 keeps them. */
  static Trainer constantRun(PrintStream out, List<Callback> extra, int epochs) {
    Module model = mlp(1);
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (Tensor p : model.parameters()) {
        p.zero_();
      }
    }
    DataLoader train = DataLoader.of(synthetic(20)).batchSize(5).build();
    DataLoader test = DataLoader.of(synthetic(20)).batchSize(8).build();
    Trainer.Builder b = Trainer.builder(model, new CrossEntropyLoss(),
        new SGD(model.parameters(), SGD.options().withLr(0)), train).test(test).epochs(epochs)
        .callback(new ConsoleLog(out, 2));
    extra.forEach(b::callback);
    return b.build();
  }

  @Test
  void logsInThePyTorchQuickstartFormat() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrainResult r = constantRun(out, List.of(), 1).fit();
    long zeros = 0;
    for (float y : synthetic(20).y().toArray()) {
      zeros += y == 0 ? 1 : 0;
    }
    String accuracy = String.format(java.util.Locale.ROOT, "%.1f", 100.0 * zeros / 20);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "Epoch 1\n-------------------------------\n"
            + "loss: 1.098612  [    5/   20]\n"
            + "loss: 1.098612  [   15/   20]\n"
            + "Test Error: \n Accuracy: " + accuracy + "%, Avg loss: 1.098612 \n\n"
            + "Done!\n");
    assertThat(r.last().testAccuracy()).isEqualTo(zeros / 20.0);
    assertThat(r.last().trainLoss()).isCloseTo(Math.log(3), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void earlyStoppingEndsARunThatStopsImproving() {
    PrintStream devNull = new PrintStream(new ByteArrayOutputStream());
    TrainResult r = constantRun(devNull, List.of(new EarlyStopping(2, 0)), 10).fit();
    assertThat(r.status()).isEqualTo(RunStatus.STOPPED);
    assertThat(r.history()).hasSize(3); // epoch 1 sets the best, epochs 2 and 3 do not improve
    assertThat(r.message()).startsWith("early stopping");
  }

  @Test
  void metricsAreWrittenAsCsvAndJson() throws IOException {
    PrintStream devNull = new PrintStream(new ByteArrayOutputStream());
    constantRun(devNull, List.of(new MetricsExport(dir)), 2).fit();
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith("1,20,");
    assertThat(csv.get(2)).startsWith("2,40,").endsWith(",0.0");
    Map<?, ?> json = (Map<?, ?>) parse(dir.resolve("metrics.json"));
    assertThat(json.get("status")).isEqualTo("completed");
    assertThat(json.get("steps")).isEqualTo(8L);
  }

  @Test
  void lrPoliciesFollowTorchSchedulers() {
    assertThat(LrPolicy.stepDecay(2, 0.1).lr(1.0, 3, 0)).isEqualTo(0.1);
    assertThat(LrPolicy.stepDecay(2, 0.1).lr(1.0, 4, 0)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(LrPolicy.exponential(0.5).lr(2.0, 3, 0)).isEqualTo(0.25);
    assertThat(LrPolicy.cosine(4, 0.0).lr(1.0, 2, 0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(LrPolicy.cosine(4, 0.1).lr(1.0, 4, 0)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ProgressReport.duration(3723)).isEqualTo("1h02m03s");
    assertThat(ProgressReport.duration(65)).isEqualTo("1m05s");
    assertThat(ProgressReport.duration(6.24)).isEqualTo("6.2s");
  }

  @Test
  void perStepSchedulingChangesTheLrAfterEveryStep() {
    List<Double> seen = new ArrayList<>();
    Module model = mlp(1);
    DataLoader train = DataLoader.of(synthetic(20)).batchSize(5).build();
    Trainer t = Trainer.builder(model, new CrossEntropyLoss(), new SGD(model.parameters(), SGD.options().withLr(1)), train)
        .epochs(2).callback(LrScheduling.perStep((base, epoch, step) -> base / (1 + step)))
        .callback(new Callback() {
          @Override
          public void onBatchEnd(Trainer tr, int batchIndex, int batchSize, double loss) {
            seen.add(tr.lr());
          }
        }).build();
    t.fit();
    assertThat(seen).containsExactly(1 / 2.0, 1 / 3.0, 1 / 4.0, 1 / 5.0, 1 / 6.0, 1 / 7.0, 1 / 8.0, 1 / 9.0);
  }
}
