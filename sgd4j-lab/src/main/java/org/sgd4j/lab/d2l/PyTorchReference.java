package org.sgd4j.lab.d2l;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sgd4j.io.Json;
import org.sgd4j.io.JsonException;

/**
 * PyTorch's figures for the same runs, made by {@code reference/d2l/ch11.py} (the chapter's own code,
 * torch 1.13, seeds 0–9) and shipped as the resource {@value #RESOURCE}: per run the final loss of every
 * seed and the seconds per epoch, with the machine they were measured on.
 *
 * @param torch PyTorch's version
 * @param cpu the CPU the seconds were measured on
 * @param threads PyTorch's thread count
 * @param date the day of the measurement
 * @param runs per run name, its figures
 */
public record PyTorchReference(String torch, String cpu, int threads, String date, Map<String, Run> runs) {
  /** The resource, next to this class. */
  public static final String RESOURCE = "pytorch-ch11.json";

  /**
   * One run's figures.
   *
   * @param finalLosses the final loss of each seed
   * @param secondsPerEpoch the seconds per epoch of each seed (wall clock)
   * @param cpuSecondsPerEpoch the process's CPU seconds per epoch of each seed
   */
  public record Run(double[] finalLosses, double[] secondsPerEpoch, double[] cpuSecondsPerEpoch) {
    /** The mean final loss. */
    public double finalLossMean() {
      return Stats.mean(finalLosses);
    }

    /** The sample standard deviation of the final loss. */
    public double finalLossSd() {
      return Stats.sd(finalLosses);
    }

    /** The mean seconds per epoch. */
    public double secondsPerEpochMean() {
      return Stats.mean(secondsPerEpoch);
    }

    /** The mean CPU seconds per epoch. */
    public double cpuSecondsPerEpochMean() {
      return Stats.mean(cpuSecondsPerEpoch);
    }
  }

  /** The figures of run {@code name}, if the reference has it. */
  public Optional<Run> run(String name) {
    return Optional.ofNullable(runs.get(name));
  }

  /** The shipped reference. */
  public static PyTorchReference load() {
    try (InputStream in = PyTorchReference.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from sgd4j-lab");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference in {@code json}, as the script writes it. */
  @SuppressWarnings("unchecked")
  public static PyTorchReference parse(String json) {
    Map<String, Object> root;
    try {
      root = (Map<String, Object>) Json.parse(json);
    } catch (JsonException e) {
      throw new IllegalArgumentException("PyTorch reference: " + e.getMessage(), e);
    }
    Map<String, Run> runs = new LinkedHashMap<>();
    for (Object o : (List<Object>) root.get("runs")) {
      Map<String, Object> r = (Map<String, Object>) o;
      runs.put((String) r.get("name"), new Run(doubles(r.get("final_loss")), doubles(r.get("sec_per_epoch")),
          doubles(r.get("cpu_sec_per_epoch"))));
    }
    return new PyTorchReference(String.valueOf(root.get("torch")), String.valueOf(root.get("cpu")),
        (int) Json.asDouble(root.get("threads")), String.valueOf(root.get("date")), runs);
  }

  @SuppressWarnings("unchecked")
  private static double[] doubles(Object list) {
    return ((List<Object>) list).stream().mapToDouble(Json::asDouble).toArray();
  }
}
