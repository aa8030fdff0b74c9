package org.sgd4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sgd4j.io.AtomicFile;
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;
import org.sgd4j.io.SafeTensors;
import org.sgd4j.io.SafeTensorsFile;
import org.sgd4j.io.Sha256;
import org.sgd4j.optim.OptimizerState;
import org.sgd4j.tensor.Tensor;

/**
 * A training checkpoint on disk, in a directory:
 * <ul>
 *   <li>{@code model-step<N>.safetensors}: the model's state dict (readable by PyTorch);</li>
 *   <li>{@code optimizer-step<N>.safetensors}: the optimizer's state buffers as tensors, its
 *       hyper-parameters and scalar state in the header's {@code __metadata__} (exact decimal
 *       strings), keyed as {@link OptimizerState} documents;</li>
 *   <li>{@code checkpoint.json}: the SHA-256 of both files and the run's {@link TrainingState}
 *       (epoch, step, samples seen, data-loader position, generator states, callback state, history,
 *       configuration).</li>
 * </ul>
 * Each file is written atomically; {@code checkpoint.json} is written last and names the weight
 * files of its step, so a crash at any point leaves the previous checkpoint complete. Older step
 * files are removed once the new {@code checkpoint.json} is in place.
 */
public final class Checkpoint {
  /** The file that describes (and commits) the checkpoint. */
  public static final String FILE = "checkpoint.json";
  /** The {@code format} value of {@link #FILE}. */
  public static final String FORMAT = "sgd4j-checkpoint-1";

  private final Map<String, Tensor> model;
  private final OptimizerState optimizer;
  private final Map<String, Object> info;

  private Checkpoint(Map<String, Tensor> model, OptimizerState optimizer, Map<String, Object> info) {
    this.model = model;
    this.optimizer = optimizer;
    this.info = info;
  }

  /** The model's state dict. */
  public Map<String, Tensor> model() {
    return model;
  }

  /** The optimizer's state dict. */
  public OptimizerState optimizer() {
    return optimizer;
  }

  /** The content of {@link #FILE}. */
  public Map<String, Object> info() {
    return info;
  }

  /** Writes a checkpoint of step {@code step} into {@code dir} (created if needed). */
  public static void write(Path dir, long step, Map<String, Tensor> model, OptimizerState optimizer,
      Map<String, Object> info) throws IOException {
    Files.createDirectories(dir);
    String modelName = "model-step" + step + ".safetensors";
    String optName = "optimizer-step" + step + ".safetensors";
    SafeTensors.write(dir.resolve(modelName), model, Map.of("format", "pt"));
    Map<String, String> scalars = new LinkedHashMap<>();
    optimizer.scalars().forEach((k, v) -> scalars.put(k, Double.toString(v)));
    SafeTensors.write(dir.resolve(optName), optimizer.tensors(), scalars);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("model", fileJson(dir, modelName));
    files.put("optimizer", fileJson(dir, optName));
    json.put("files", files);
    json.putAll(info);
    AtomicFile.writeString(dir.resolve(FILE), Json.writePretty(json));
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "{model,optimizer}-step*.safetensors")) {
      for (Path p : old) {
        String name = p.getFileName().toString();
        if (!name.equals(modelName) && !name.equals(optName)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Map<String, Object> fileJson(Path dir, String name) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("sha256", Sha256.of(dir.resolve(name)));
    return m;
  }

  /** Reads the checkpoint in {@code dir} (or the {@code checkpoint.json} named directly), verifying the checksums. */
  @SuppressWarnings("unchecked")
  public static Checkpoint read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
    Path dir = file.toAbsolutePath().getParent();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("no checkpoint at " + dirOrFile + ": " + file + " does not exist", e);
    }
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (JsonException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map) || !FORMAT.equals(((Map<?, ?>) parsed).get("format"))) {
      throw new IOException(file + ": not an sgd4j checkpoint (expected \"format\": \"" + FORMAT + "\")");
    }
    Map<String, Object> info = (Map<String, Object>) parsed;
    SafeTensorsFile model;
    SafeTensorsFile opt;
    try {
      Map<String, Object> files = (Map<String, Object>) info.get("files");
      model = SafeTensors.read(verified(dir, (Map<String, Object>) files.get("model"), file));
      opt = SafeTensors.read(verified(dir, (Map<String, Object>) files.get("optimizer"), file));
    } catch (ClassCastException | NullPointerException e) {
      throw new IOException(file + ": malformed \"files\" entry (expected model and optimizer, each with name and"
          + " sha256)", e);
    }
    Map<String, Double> scalars = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : opt.metadata().entrySet()) {
      try {
        scalars.put(e.getKey(), Double.parseDouble(e.getValue()));
      } catch (NumberFormatException bad) {
        throw new IOException(file + ": optimizer scalar " + e.getKey() + " = \"" + e.getValue() + "\" is not a number");
      }
    }
    return new Checkpoint(model.tensors(), new OptimizerState(opt.tensors(), scalars), info);
  }

  private static Path verified(Path dir, Map<String, Object> entry, Path file) throws IOException {
    Path p = dir.resolve((String) entry.get("name"));
    if (!Files.isRegularFile(p)) {
      throw new IOException(file + " names " + p + ", which does not exist");
    }
    String actual = Sha256.of(p);
    if (!actual.equals(entry.get("sha256"))) {
      throw new IOException(p + ": SHA-256 " + actual + " differs from " + entry.get("sha256")
          + " recorded in " + file + " (the file was changed or damaged)");
    }
    return p;
  }
}
