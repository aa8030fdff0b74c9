package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgd4j.data.DataLoader;
import org.sgd4j.data.TensorDataset;
import org.sgd4j.nn.loss.CrossEntropyLoss;
import org.sgd4j.nn.loss.Loss;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.spark.SparkTrainer;
import org.sgd4j.train.Evaluation;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.LossTrace;
import org.sgd4j.train.MetricsExport;
import org.sgd4j.train.RunStatus;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;
import org.sgd4j.train.TrainingState;

/**
 * The Spark path's record of a run, kept as the local {@link Trainer}'s callbacks keep it: the loss
 * trace (a point every step, as the local path records), one {@link HistoryRow} per epoch with the test
 * loop's figures ({@link Evaluation#of}, the trainer's test loop), and {@code metrics.csv}/{@code metrics.json}
 * rewritten after every epoch. It is saved with the driver's checkpoints as the local checkpoint's
 * {@link TrainingState}, so a restarted driver keeps the history of the steps before.
 */
final class SparkProgress implements SparkTrainer.StepListener, SparkTrainer.CallerState {
  /** The trace's key among the callbacks' states, the one the local trainer gives it. */
  private static final String TRACE_KEY = LossTrace.class.getName();

  private final TrainCommand c;
  private final SparkTrainer trainer;
  private final long trainSize;
  private final long globalBatch;
  private final DataLoader testLoader;
  private final Loss testLoss;
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
    this.testLoss = regression ? new MSELoss() : new CrossEntropyLoss();
  }

  @Override
  public void onStep(long step, double loss) {
    long inEpoch = (step - 1) % trainer.stepsPerEpoch();
    samples += Math.min(globalBatch, trainSize - inEpoch * globalBatch);
    trace.add(samples, loss);
    epochLossSum += loss;
    epochSteps++;
    if (step % trainer.stepsPerEpoch() == 0) {
      Evaluation eval = testLoader == null ? null : Evaluation.of(trainer.model(), testLoss, testLoader);
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

  /**
   * The run's progress as the local trainer's checkpoints keep it, a {@link TrainingState} (the loss
   * trace under its callback key), so one record and one reader serve both back ends.
   */
  @Override
  public Map<String, Object> state() {
    long step = trainer.step();
    return new TrainingState((int) (step / trainer.stepsPerEpoch()), step, samples, seconds(), epochLossSum,
        (int) epochSteps, trainer.position(), Map.of(), Map.of(TRACE_KEY, trace.state()), history, config).toJson();
  }

  @Override
  public void restore(Map<String, Object> state) {
    if (state.isEmpty()) {
      return; // a checkpoint written without the CLI's state: the history starts here
    }
    TrainingState s;
    try {
      s = TrainingState.fromJson(state, "the Spark checkpoint's training state");
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    history.clear();
    history.addAll(s.history());
    Map<String, Object> traceState = s.callbacks().get(TRACE_KEY);
    if (traceState != null) {
      trace.restore(traceState);
    }
    epochLossSum = s.epochLossSum();
    epochSteps = s.epochBatches();
    samples = s.samplesSeen();
    secondsBefore = s.seconds() - (System.nanoTime() - start) / 1e9;
  }
}
