package org.sgd4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.io.Json;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.spark.SparkTrainer;
import org.sgd4j.train.Evaluation;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;
import org.sgd4j.train.MetricsExport;
import org.sgd4j.train.RunStatus;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;

/**
 * The Spark path's record of a run, kept as the local {@link Trainer}'s callbacks keep it: the loss
 * trace (a point every step, as the local path records), one {@link HistoryRow} per epoch with the test
 * loop's figures, and {@code metrics.csv}/{@code metrics.json} rewritten after every epoch. It is saved
 * with the driver's checkpoints, so a restarted driver keeps the history of the steps before.
 */
final class SparkProgress implements SparkTrainer.StepListener, SparkTrainer.CallerState {
  private final TrainCommand c;
  private final SparkTrainer trainer;
  private final long trainSize;
  private final long globalBatch;
  private final DataLoader testLoader;
  private final Trainer evaluator;
  private final Path outDir;
  private final Map<String, Object> config;
  private final PrintStream human;
  private final List<HistoryRow> history = new ArrayList<>();
  private final LossTrace trace;
  private double epochLossSum;
  private long epochSteps;
  private long samples;
  private double secondsBefore;
  private final long start = System.nanoTime();

  SparkProgress(TrainCommand c, SparkTrainer trainer, long trainSize, long globalBatch, TensorDataset test,
                boolean regression, Path outDir, Map<String, Object> config, PrintStream human) {
    this.c = c;
    this.trainer = trainer;
    this.trainSize = trainSize;
    this.globalBatch = globalBatch;
    this.outDir = outDir;
    this.config = config;
    this.human = human;
    this.trace = new LossTrace(1);
    this.testLoader = test == null ? null : DataLoader.of(test).batchSize(c.batchSize).build();
    this.evaluator = test == null ? null : Trainer.builder(trainer.model(), regression ? new MSELoss()
        : new CrossEntropyLoss(), trainer.optimizer(), testLoader).build();
  }

  @Override
  public void onStep(long step, double loss) {
    long inEpoch = (step - 1) % trainer.stepsPerEpoch();
    samples += Math.min(globalBatch, trainSize - inEpoch * globalBatch);
    trace.add(samples, loss);
    epochLossSum += loss;
    epochSteps++;
    if (step % trainer.stepsPerEpoch() == 0) {
      Evaluation eval = evaluator == null ? null : evaluator.evaluate(testLoader);
      int epoch = (int) (step / trainer.stepsPerEpoch());
      history.add(new HistoryRow(epoch, samples, seconds(), epochLossSum / epochSteps,
          eval == null ? Double.NaN : eval.avgLoss(), eval == null ? Double.NaN : eval.accuracy(), lr()));
      if (!c.quiet) {
        human.printf(Locale.ROOT, "Epoch %d (Spark %s, %d workers): mean train loss %.6f over %d steps%n", epoch,
            c.sparkMaster, c.workers, epochLossSum / epochSteps, epochSteps);
        if (eval != null) {
          human.printf(Locale.ROOT, "Test Error: %n Accuracy: %.1f%%, Avg loss: %.6f%n", 100 * eval.accuracy(),
              eval.avgLoss());
        }
      }
      epochLossSum = 0;
      epochSteps = 0;
      writeMetrics("running", "");
    }
  }

  /** After a divergence: the row of the epoch cut short (no test loop), as the local trainer writes it. */
  void partialEpoch() {
    if (epochSteps > 0) {
      history.add(new HistoryRow(history.size() + 1, samples, seconds(), epochLossSum / epochSteps, Double.NaN,
          Double.NaN, lr()));
    }
  }

  TrainResult result(RunStatus status, String message) {
    return new TrainResult(status, message, history, trainer.step(), samples, seconds());
  }

  void writeMetrics(String status, String message) {
    MetricsExport.write(outDir, status, message, history.size(), trainer.step(), samples, seconds(), config, history);
  }

  LossTrace trace() {
    return trace;
  }

  private double lr() {
    return trainer.optimizer().paramGroups().get(0).lr();
  }

  /** Seconds of training, the time before a restart included. */
  private double seconds() {
    return secondsBefore + (System.nanoTime() - start) / 1e9;
  }

  @Override
  public Map<String, Object> state() {
    List<Object> rows = new ArrayList<>();
    history.forEach(r -> rows.add(r.toJson()));
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("history", rows);
    m.put("trace", trace.state());
    m.put("epoch_loss_sum", epochLossSum);
    m.put("epoch_steps", epochSteps);
    m.put("samples", samples);
    m.put("seconds", seconds());
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    if (state.isEmpty()) {
      return; // a checkpoint written without the CLI's state: the history starts here
    }
    history.clear();
    for (Object o : (List<?>) state.get("history")) {
      Map<?, ?> r = (Map<?, ?>) o;
      history.add(new HistoryRow(((Number) r.get("epoch")).intValue(), ((Number) r.get("samples")).longValue(),
          Json.asDouble(r.get("seconds")), Json.asDouble(r.get("train_loss")), Json.asDouble(r.get("test_loss")),
          Json.asDouble(r.get("test_accuracy")), Json.asDouble(r.get("lr"))));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> traceState = (Map<String, Object>) state.get("trace");
    trace.restore(traceState);
    epochLossSum = Json.asDouble(state.get("epoch_loss_sum"));
    epochSteps = ((Number) state.get("epoch_steps")).longValue();
    samples = ((Number) state.get("samples")).longValue();
    secondsBefore = Json.asDouble(state.get("seconds")) - (System.nanoTime() - start) / 1e9;
  }
}
