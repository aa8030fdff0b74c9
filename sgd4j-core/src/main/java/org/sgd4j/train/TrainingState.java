package org.sgd4j.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.data.LoaderState;
import org.sgd4j.io.Json;

/**
 * A run's progress as a {@link Checkpoint} keeps it in {@code checkpoint.json}, beside the model and
 * optimizer files: written by {@link #toJson()} and read by {@link #fromJson}, the one place that
 * knows the field names. {@link Trainer#saveCheckpoint} takes this record from the trainer and
 * {@link Trainer#resume} gives it back, so a resumed run continues bit for bit.
 *
 * <p>Generator states are written exactly: the 64-bit state and the pending Gaussian's bits as
 * decimal strings.
 *
 * @param epoch the current epoch, from 0
 * @param step optimizer steps taken
 * @param samplesSeen training examples processed
 * @param seconds wall-clock seconds of the run so far
 * @param epochLossSum the sum of the current epoch's batch losses
 * @param epochBatches the batches of the current epoch taken so far
 * @param loader the training loader's position
 * @param rngs the named generators' states
 * @param callbacks each stateful callback's state, by its key
 * @param history the history rows so far
 * @param config the run's configuration (JSON values)
 */
public record TrainingState(int epoch, long step, long samplesSeen, double seconds, double epochLossSum,
                            int epochBatches, LoaderState loader, Map<String, RngState> rngs,
                            Map<String, Map<String, Object>> callbacks, List<HistoryRow> history,
                            Map<String, Object> config) {

  /** Copies the maps and the list (unmodifiable). */
  public TrainingState {
    rngs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rngs));
    callbacks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(callbacks));
    history = List.copyOf(history);
    config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /**
   * A generator's state ({@link org.sgd4j.tensor.Rng#state()}, {@link org.sgd4j.tensor.Rng#pendingGaussian()}).
   *
   * @param state the 64-bit state
   * @param pendingGaussian the pending normal deviate (NaN if none)
   */
  public record RngState(long state, double pendingGaussian) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("state", Long.toString(state));
      m.put("pending_gaussian_bits", Long.toString(Double.doubleToRawLongBits(pendingGaussian)));
      return m;
    }

    static RngState fromJson(Fields f) throws IOException {
      return new RngState(f.decimalLong("state"), Double.longBitsToDouble(f.decimalLong("pending_gaussian_bits")));
    }
  }

  /** The fields of {@code checkpoint.json} besides its format and files. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epoch", epoch);
    json.put("step", step);
    json.put("samples_seen", samplesSeen);
    json.put("seconds", seconds);
    json.put("epoch_loss_sum", epochLossSum);
    json.put("epoch_batches", epochBatches);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("epoch", loader.epoch());
    l.put("batch_index", loader.batchIndex());
    l.put("rng", new RngState(loader.rngState(), loader.rngPendingGaussian()).toJson());
    json.put("loader", l);
    Map<String, Object> gens = new LinkedHashMap<>();
    rngs.forEach((name, r) -> gens.put(name, r.toJson()));
    json.put("rngs", gens);
    json.put("callbacks", callbacks);
    List<Object> rows = new ArrayList<>();
    for (HistoryRow r : history) {
      rows.add(r.toJson());
    }
    json.put("history", rows);
    json.put("config", config);
    return json;
  }

  /**
   * The inverse of {@link #toJson()}.
   *
   * @param json the parsed {@code checkpoint.json}
   * @param file the file's name, for messages
   * @throws IOException naming the file and the field when a field is missing or of the wrong type
   */
  public static TrainingState fromJson(Map<?, ?> json, String file) throws IOException {
    Fields f = new Fields(json, file, "");
    Fields l = f.object("loader");
    RngState lr = RngState.fromJson(l.object("rng"));
    LoaderState loader;
    try {
      loader = new LoaderState(l.integer("epoch"), (int) l.integer("batch_index"), lr.state(), lr.pendingGaussian());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": malformed loader position (" + e.getMessage() + ")", e);
    }
    Fields gens = f.object("rngs");
    Map<String, RngState> rngs = new LinkedHashMap<>();
    for (Object name : gens.map.keySet()) {
      rngs.put(name.toString(), RngState.fromJson(gens.object(name.toString())));
    }
    Fields cbs = f.object("callbacks");
    Map<String, Map<String, Object>> callbacks = new LinkedHashMap<>();
    for (Object key : cbs.map.keySet()) {
      callbacks.put(key.toString(), cbs.object(key.toString()).strings());
    }
    List<HistoryRow> history = new ArrayList<>();
    List<?> rows = f.list("history");
    for (int i = 0; i < rows.size(); i++) {
      Fields r = f.element("history", i, rows.get(i));
      history.add(new HistoryRow((int) r.integer("epoch"), r.integer("samples"), r.real("seconds"),
          r.real("train_loss"), r.real("test_loss"), r.real("test_accuracy"), r.real("lr")));
    }
    return new TrainingState((int) f.integer("epoch"), f.integer("step"), f.integer("samples_seen"),
        f.real("seconds"), f.real("epoch_loss_sum"), (int) f.integer("epoch_batches"), loader, rngs, callbacks,
        history, f.object("config").strings());
  }

  /** Typed reads of one JSON object's fields, each failure naming the file and the field's path. */
  private static final class Fields {
    private final Map<?, ?> map;
    private final String file;
    private final String path;

    Fields(Map<?, ?> map, String file, String path) {
      this.map = map;
      this.file = file;
      this.path = path;
    }

    private Object get(String key, String expected) throws IOException {
      Object v = map.get(key);
      if (v == null && !map.containsKey(key)) {
        throw bad(key, "is missing (expected " + expected + ")");
      }
      return v;
    }

    private IOException bad(String key, String what) {
      return new IOException(file + ": malformed field \"" + path + key + "\": " + what);
    }

    long integer(String key) throws IOException {
      Object v = get(key, "an integer");
      if (v instanceof Long || v instanceof Integer) {
        return ((Number) v).longValue();
      }
      throw bad(key, v + " is not an integer");
    }

    /** A number, null read as NaN (the writer writes NaN as null). */
    double real(String key) throws IOException {
      Object v = get(key, "a number");
      if (v == null || v instanceof Number) {
        return Json.asDouble(v);
      }
      throw bad(key, v + " is not a number");
    }

    /** A 64-bit integer written as a decimal string. */
    long decimalLong(String key) throws IOException {
      Object v = get(key, "a decimal string");
      if (v instanceof String s) {
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw bad(key, "\"" + s + "\" is not a 64-bit integer");
        }
      }
      throw bad(key, v + " is not a decimal string");
    }

    Fields object(String key) throws IOException {
      Object v = get(key, "an object");
      if (v instanceof Map<?, ?> m) {
        return new Fields(m, file, path + key + ".");
      }
      throw bad(key, v + " is not an object");
    }

    List<?> list(String key) throws IOException {
      Object v = get(key, "a list");
      if (v instanceof List<?> l) {
        return l;
      }
      throw bad(key, v + " is not a list");
    }

    Fields element(String key, int index, Object v) throws IOException {
      if (v instanceof Map<?, ?> m) {
        return new Fields(m, file, path + key + "[" + index + "].");
      }
      throw bad(key + "[" + index + "]", v + " is not an object");
    }

    /** The object as a map with string keys (JSON objects have them). */
    Map<String, Object> strings() {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(), v));
      return out;
    }
  }
}
