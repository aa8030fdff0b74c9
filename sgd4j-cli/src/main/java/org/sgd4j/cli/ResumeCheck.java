package org.sgd4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;
import org.sgd4j.train.Checkpoint;
import picocli.CommandLine.ParseResult;

/**
 * {@code sgd4j train --resume}: continues a run only where it can continue it exactly. The
 * checkpoint records the run's configuration; each setting that decides the run's bits (model,
 * dataset, task, batch size, limits, test fraction, optimizer and its hyper-parameters, seed,
 * schedule, workers, shuffling, early stopping) is compared with the command line:
 * <ul>
 *   <li>a flag that was given and differs is refused, naming the flag and both values
 *       ({@code --lr 0.05 differs from the checkpoint's 0.001});</li>
 *   <li>a flag that was not given takes the checkpoint's value, so that what the run prints and
 *       records is what it does;</li>
 *   <li>{@code --epochs} may extend the run, but not end it before what the checkpoint has done.</li>
 * </ul>
 * It also checks the types of what {@code checkpoint.json} holds (a hand-edited file gets a message
 * naming the entry, not a {@link ClassCastException}), removes the temporary files a killed
 * checkpoint write left, and compares the training set's size with the checkpoint's.
 */
final class ResumeCheck {
  private final Path file;
  private final Map<String, Object> info;
  private final Map<String, Object> config;

  private ResumeCheck(Path file, Map<String, Object> info, Map<String, Object> config) {
    this.file = file;
    this.info = info;
    this.config = config;
  }

  /** Reads and type-checks {@code checkpoint.json} of the checkpoint directory (or file) {@code resume}. */
  @SuppressWarnings("unchecked")
  static ResumeCheck read(Path resume) {
    Path file = Files.isDirectory(resume) ? resume.resolve(Checkpoint.FILE) : resume;
    Object parsed;
    try {
      parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UserError("--resume " + resume + ": no checkpoint there (" + file + " does not exist)");
    } catch (IOException e) {
      throw new UserError("--resume " + resume + ": cannot read " + file + " (" + Main.describe(e) + ")", e);
    } catch (JsonException e) {
      throw new UserError("--resume " + resume + ": " + file + " is not valid JSON (" + e.getMessage() + ")", e);
    } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
      throw new UserError("--resume " + resume + ": cannot read " + file + " (" + e.getMessage() + ")", e);
    }
    if (!(parsed instanceof Map)) {
      throw new UserError(file + ": not an sgd4j checkpoint (a JSON object expected)");
    }
    Map<String, Object> info = (Map<String, Object>) parsed;
    ResumeCheck c = new ResumeCheck(file, info, Map.of());
    for (String k : List.of("epoch", "step", "samples_seen", "epoch_batches")) {
      c.integer(info, k);
    }
    for (String k : List.of("seconds", "epoch_loss_sum")) {
      c.number(info, k);
    }
    Map<String, Object> loader = c.object(info, "loader");
    c.integer(loader, "epoch");
    c.integer(loader, "batch_index");
    long epoch = ((Number) info.get("epoch")).longValue();
    long loaderEpoch = ((Number) loader.get("epoch")).longValue();
    if (loaderEpoch != epoch && loaderEpoch != epoch + 1) { // the loader is in the trainer's epoch, or just past it
      throw c.bad("loader.epoch", loader.get("epoch"), "the checkpoint's epoch " + epoch + " or " + (epoch + 1));
    }
    c.rng(c.object(loader, "rng"), "loader.rng");
    for (Map.Entry<String, Object> g : c.object(info, "rngs").entrySet()) {
      c.rng(c.object(c.object(info, "rngs"), g.getKey()), "rngs." + g.getKey());
    }
    c.object(info, "callbacks");
    Object history = info.get("history");
    if (!(history instanceof List) || ((List<?>) history).stream().anyMatch(r -> !(r instanceof Map))) {
      throw c.bad("history", history, "a list of objects");
    }
    Map<String, Object> config = info.get("config") == null ? Map.of() : c.object(info, "config");
    return new ResumeCheck(file, info, config);
  }

  /** The epochs the checkpoint has completed. */
  long epochsDone() {
    return ((Number) info.get("epoch")).longValue();
  }

  /**
   * Compares the command line with the checkpoint's configuration: adopts what was not given,
   * refuses (exit 2) what differs, all conflicts in one message.
   */
  void apply(TrainCommand cmd, ParseResult given) {
    List<String> conflicts = new ArrayList<>();
    for (Setting s : settings(cmd)) {
      if (!config.containsKey(s.key)) {
        continue; // a checkpoint written before the setting was recorded
      }
      Object recorded = config.get(s.key);
      if (given.hasMatchedOption(s.flag)) {
        if (!same(s.get.get(), recorded)) {
          conflicts.add(s.flag + " " + show(s.get.get()) + " differs from the checkpoint's " + show(recorded));
        }
      } else {
        adopt(s, recorded);
      }
    }
    hyperParameters(cmd, given, conflicts);
    long done = epochsDone();
    if (given.hasMatchedOption("--epochs")) {
      if (cmd.epochs < done) {
        conflicts.add("--epochs " + cmd.epochs + " is fewer than the " + done + " epoch" + (done == 1 ? "" : "s")
            + " the checkpoint has done (--epochs may only extend a run)");
      }
    } else if (config.get("epochs") instanceof Number n) {
      cmd.epochs = n.intValue();
    }
    if (!conflicts.isEmpty()) {
      throw new UsageError(String.join("; ", conflicts) + " (--resume continues the run as it was; start a new run"
          + " with --init " + file.getParent().resolve("model-stepN.safetensors") + " to change it)");
    }
  }

  /** Refuses a training set whose size differs from the checkpoint's run (the data changed since). */
  void checkTrainSize(int trainSize) {
    if (config.get("train_size") instanceof Number n && n.longValue() != trainSize) {
      throw new UserError("--resume " + file.getParent() + ": the training set has " + trainSize + " examples, the"
          + " checkpoint's run had " + n + " (the data changed since); it cannot be continued exactly");
    }
  }

  /** Removes the temporary files ({@code .*.tmp}) that a checkpoint write killed midway left behind. */
  static List<Path> removeOrphans(Path checkpointDir) {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(checkpointDir)) {
      return removed;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(checkpointDir, ".*.tmp")) {
      for (Path p : s) {
        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
          removed.add(p);
        }
      }
    } catch (IOException e) {
      throw new UserError("--resume " + checkpointDir + ": cannot clean its temporary files (" + Main.describe(e)
          + ")", e);
    }
    return removed;
  }

  // ------------------------------------------------------------------ the settings

  private record Setting(String flag, String key, Supplier<Object> get, Consumer<Object> set) {}

  private static List<Setting> settings(TrainCommand c) {
    List<Setting> s = new ArrayList<>();
    s.add(new Setting("--model", "model", () -> c.model, v -> c.model = (String) v));
    s.add(new Setting("--dataset", "dataset", () -> c.dataset, v -> c.dataset = (String) v));
    s.add(new Setting("--task", "task", () -> c.task, v -> c.task = (String) v));
    s.add(new Setting("--batch-size", "batch_size", () -> c.batchSize, v -> c.batchSize = ((Number) v).intValue()));
    s.add(new Setting("--train-limit", "train_limit", () -> c.trainLimit,
        v -> c.trainLimit = v == null ? null : ((Number) v).intValue()));
    s.add(new Setting("--test-limit", "test_limit", () -> c.testLimit,
        v -> c.testLimit = v == null ? null : ((Number) v).intValue()));
    s.add(new Setting("--test-fraction", "test_fraction", () -> c.testFraction,
        v -> c.testFraction = v == null ? null : ((Number) v).doubleValue()));
    s.add(new Setting("--optimizer", "optimizer", () -> c.optimizer, v -> c.optimizer = (String) v));
    s.add(new Setting("--seed", "seed", () -> c.seed, v -> c.seed = ((Number) v).longValue()));
    s.add(new Setting("--lr-schedule", "lr_schedule", () -> c.lrSchedule, v -> c.lrSchedule = (String) v));
    s.add(new Setting("--workers", "workers", () -> c.workers, v -> c.workers = ((Number) v).intValue()));
    s.add(new Setting("--no-shuffle", "shuffle", () -> !c.noShuffle, v -> c.noShuffle = !(Boolean) v));
    s.add(new Setting("--early-stopping", "early_stopping", () -> c.earlyStopping,
        v -> c.earlyStopping = v == null ? null : ((Number) v).intValue()));
    return s;
  }

  private void adopt(Setting s, Object recorded) {
    try {
      s.set.accept(recorded);
    } catch (ClassCastException | NullPointerException e) { // a value of another type, or null where one is needed
      throw bad("config." + s.key, recorded, "a value of " + s.flag);
    }
  }

  /**
   * The optimizer's hyper-parameters: the effective values recorded ({@code optimizer_settings}, e.g.
   * {@code weightDecay}) against the flags ({@code --weight-decay}).
   */
  private void hyperParameters(TrainCommand cmd, ParseResult given, List<String> conflicts) {
    Object settings = config.containsKey("optimizer_settings") ? config.get("optimizer_settings")
        : config.get("hyper_parameters");
    if (!(settings instanceof Map<?, ?> recorded)) {
      return;
    }
    for (String flag : Optimizers.FLAGS.getOrDefault(cmd.optimizer, java.util.Set.of())) {
      Object value = null;
      String key = null;
      for (Map.Entry<?, ?> e : recorded.entrySet()) {
        if (normal(String.valueOf(e.getKey())).equals(normal(flag))) {
          key = String.valueOf(e.getKey());
          value = e.getValue();
        }
      }
      if (key == null) {
        continue;
      }
      if (value instanceof Boolean b) {
        value = b ? 1.0 : 0.0;
      }
      if (!(value instanceof Number n)) {
        throw bad("config.optimizer_settings." + key, value, "a number or a boolean");
      }
      Object now = cmd.hyperParameter(flag);
      if (given.hasMatchedOption(flag)) {
        double v = now instanceof Boolean b ? (b ? 1 : 0) : ((Number) now).doubleValue();
        if (v != n.doubleValue()) {
          conflicts.add(flag + " " + show(now) + " differs from the checkpoint's " + (now instanceof Boolean
              ? Boolean.toString(n.doubleValue() != 0) : show(n)));
        }
      } else {
        cmd.setHyperParameter(flag, n.doubleValue());
      }
    }
  }

  private static String normal(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  private static boolean same(Object now, Object recorded) {
    if (now == null || recorded == null) {
      return now == recorded;
    }
    if (now instanceof Number a && recorded instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return now.equals(recorded);
  }

  private static String show(Object v) {
    if (v == null) {
      return "(none)";
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return v instanceof String s ? s : String.valueOf(v);
  }

  // ------------------------------------------------------------------ types of checkpoint.json

  @SuppressWarnings("unchecked")
  private Map<String, Object> object(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map)) {
      throw bad(key, v, "an object");
    }
    return (Map<String, Object>) v;
  }

  private void integer(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Long || v instanceof Integer) || ((Number) v).longValue() < 0
        || !key.endsWith("step") && !key.equals("samples_seen") && ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw bad(key, v, "a non-negative integer" + (key.endsWith("step") || key.equals("samples_seen") ? ""
          : " below 2^31"));
    }
  }

  private void number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number) && !(v instanceof String s && s.matches("NaN|-?Infinity"))) {
      throw bad(key, v, "a number");
    }
  }

  private void rng(Map<String, Object> m, String where) {
    for (String k : List.of("state", "pending_gaussian_bits")) {
      Object v = m.get(k);
      if (!(v instanceof String s) || !s.matches("-?\\d{1,19}")) {
        throw bad(where + "." + k, v, "a 64-bit integer as a decimal string");
      }
      try {
        Long.parseLong((String) v);
      } catch (NumberFormatException e) {
        throw bad(where + "." + k, v, "a 64-bit integer as a decimal string");
      }
    }
  }

  private UserError bad(String key, Object value, String expected) {
    String shown = value == null ? "missing" : "\"" + truncate(String.valueOf(value)) + "\"";
    return new UserError("--resume: " + file + ": entry \"" + key + "\" is " + shown + ", expected " + expected
        + " (the file was edited or damaged)");
  }

  private static String truncate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** The recorded configuration (for tests). */
  Map<String, Object> config() {
    return new LinkedHashMap<>(config);
  }
}
