package org.sgd4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.io.Json;

/**
 * Writes the history as {@code metrics.csv} (one row per epoch, header {@link HistoryRow#CSV_HEADER})
 * and {@code metrics.json} (the run's status, totals, configuration and history) into a directory,
 * atomically, after every epoch and at the end of the run, whatever its status: a diverged run keeps
 * the history it had.
 */
public final class MetricsExport implements Callback {
  /** The CSV file name. */
  public static final String CSV = "metrics.csv";
  /** The JSON file name. */
  public static final String JSON = "metrics.json";
  private final Path dir;

  /** Writes into {@code dir}, which must exist. */
  public MetricsExport(Path dir) {
    this.dir = dir;
  }

  @Override
  public void onEpochEnd(Trainer trainer, HistoryRow row, Evaluation test) {
    write(trainer, "running", "");
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainResult result) {
    write(trainer, result.status().label(), result.message());
  }

  private void write(Trainer trainer, String status, String message) {
    write(dir, status, message, trainer.epoch(), trainer.step(), trainer.samplesSeen(), trainer.seconds(),
        trainer.config(), trainer.history());
  }

  /**
   * Writes {@code metrics.csv} and {@code metrics.json} into {@code dir} from the given figures (for
   * loops other than {@link Trainer}'s, e.g. the Spark back end's).
   *
   * @param status {@code running} or a {@link RunStatus#label()}
   * @param message why the run stopped, or ""
   */
  public static void write(Path dir, String status, String message, long epochs, long steps, long samples,
      double seconds, Map<String, Object> config, List<HistoryRow> history) {
    StringBuilder csv = new StringBuilder(HistoryRow.CSV_HEADER).append('\n');
    List<Object> rows = new ArrayList<>();
    for (HistoryRow r : history) {
      csv.append(r.toCsv()).append('\n');
      rows.add(r.toJson());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", status);
    json.put("message", message);
    json.put("epochs", epochs);
    json.put("steps", steps);
    json.put("samples", samples);
    json.put("seconds", seconds);
    json.put("config", config);
    json.put("history", rows);
    try {
      AtomicFile.writeString(dir.resolve(CSV), csv.toString());
      AtomicFile.writeString(dir.resolve(JSON), Json.writePretty(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics into " + dir + ": " + e.getMessage(), e);
    }
  }
}
