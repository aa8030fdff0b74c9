package org.sgd4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.sgd4j.train.Callback;
import org.sgd4j.train.ConsoleLog;
import org.sgd4j.train.Evaluation;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.ProgressReport;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;

/**
 * A live bar per epoch on a terminal, as tqdm, Keras and Lightning draw one: examples done of the
 * epoch, samples/s, the time left in the epoch, and the running loss (the mean of the epoch's batch
 * losses so far). Drawn by me.tongfei:progressbar, redrawn at most every 100 ms; closed at the
 * epoch's end, before the epoch's result line. {@code sgd4j train} uses it only when standard error
 * is a terminal and neither {@code --quiet} nor {@code --json} is given.
 */
final class ProgressBarLog implements Callback {
  private final PrintStream out;
  private ProgressBar bar;
  private double lossSum;
  private long batches;
  private long done;

  private final int width;

  ProgressBarLog(PrintStream out) {
    this.out = out;
    this.width = terminalWidth() - 1; // one short of the edge: a full line would wrap and the bar be drawn twice
  }

  private static int terminalWidth() {
    try (Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
      return t.getWidth() >= 40 ? t.getWidth() : 80;
    } catch (java.io.IOException | RuntimeException e) {
      return 80;
    }
  }

  /**
   * The console callbacks of a run: on a terminal (stderr a TTY, no --quiet or --json) the bar and
   * the epoch lines on {@code err}, and the quickstart log on {@code log} only if standard output
   * is not that terminal; otherwise the plain lines (the quickstart log and the progress lines).
   */
  static void addTo(Trainer.Builder b, boolean quiet, boolean json, PrintStream log, PrintStream err, int logEvery,
      int progressEvery) {
    if (quiet) {
      return;
    }
    if (!json && Tty.stderr()) {
      b.callback(new ProgressBarLog(err));
      if (!Tty.stdout()) {
        b.callback(new ConsoleLog(log, logEvery));
      }
      b.callback(new ProgressReport(err, 0));
    } else {
      b.callback(new ConsoleLog(log, logEvery));
      b.callback(new ProgressReport(err, progressEvery));
    }
  }

  @Override
  public void onEpochStart(Trainer trainer) {
    close();
    lossSum = 0;
    batches = 0;
    bar = new ProgressBarBuilder()
        .setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", trainer.epoch() + 1, trainer.epochs()))
        .setInitialMax(trainer.trainSize())
        .setUnit(" samples", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
        .setUpdateIntervalMillis(100)
        .setConsumer(new ConsoleProgressBarConsumer(out, width))
        .build();
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    if (bar == null) {
      return;
    }
    if (batches == 0) {
      done = (long) batchIndex * batchSize; // a run resumed inside the epoch starts where it stopped
    }
    lossSum += loss;
    batches++;
    done += batchSize;
    bar.stepTo(Math.min(trainer.trainSize(), done));
    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / batches));
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    close();
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainResult result) {
    close();
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
