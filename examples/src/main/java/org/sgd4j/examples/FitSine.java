package org.sgd4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.sgd4j.data.DataLoader;
import org.sgd4j.nn.loss.MSELoss;
import org.sgd4j.optim.Adam;
import org.sgd4j.tensor.Rng;
import org.sgd4j.train.Callback;
import org.sgd4j.train.Checkpointing;
import org.sgd4j.train.Evaluation;
import org.sgd4j.train.HistoryRow;
import org.sgd4j.train.TrainResult;
import org.sgd4j.train.Trainer;

/**
 * Fits {@link SkipNet} to {@link NoisySine} with Adam and the MSE: a {@link Trainer} with a
 * callback of our own (one line per epoch) and a {@link Checkpointing} callback; then a second
 * trainer resumes from the checkpoint and trains on to more epochs, as a run stopped and restarted
 * would.
 *
 * <p>Run {@code main} (e.g. from an IDE); {@code mvn -f examples/pom.xml verify} runs it as a test.
 */
public final class FitSine {
  private FitSine() {}

  /** Prints the epoch, the training loss and the test loss. */
  static final class EpochLine implements Callback {
    @Override
    public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
      System.out.printf(Locale.ROOT, "epoch %2d  train loss %.5f  test loss %.5f%n", row.epoch(), row.trainLoss(),
          test.avgLoss());
    }
  }

  /** Trains for {@code epochs} epochs, checkpointing into {@code checkpoints}, resuming from it if asked. */
  static TrainResult run(Path checkpoints, int epochs, boolean resume) throws IOException {
    SkipNet net = new SkipNet(16, new Rng(1));
    Adam adam = new Adam(net.parameters(), Adam.options().lr(0.01));
    DataLoader train = DataLoader.of(new NoisySine(512, 1)).batchSize(32).shuffle(true).seed(7).build();
    DataLoader test = DataLoader.of(new NoisySine(256, 2)).batchSize(256).build();
    Trainer trainer = Trainer.builder(net, new MSELoss(), adam, train).test(test).epochs(epochs)
        .callback(new EpochLine())
        .callback(new Checkpointing(checkpoints, 0)) // at every epoch's end
        .build();
    if (resume) {
      trainer.resume(checkpoints); // weights, Adam's moments, the loader's position and the history
    }
    return trainer.fit();
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "fit-sine-checkpoint");
    run(dir, 10, false);
    System.out.println("-- resumed from " + dir);
    TrainResult r = run(dir, 20, true);
    System.out.printf(Locale.ROOT, "final test loss %.5f after %d steps%n", r.last().testLoss(), r.steps());
  }
}
