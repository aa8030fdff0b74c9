package org.sgd4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sgd4j.io.Json;

/**
 * Records the training loss against the number of examples seen, the x-axis of the notes' learning
 * curves: one point every {@code every} steps, the mean of the batch losses since the previous
 * point. The points are part of the checkpointed state, so a resumed run keeps its whole curve.
 */
public final class LossTrace implements Callback {
  /** One point of the curve. */
  public record Point(long samples, double loss) {}

  private final int every;
  private final List<Point> points = new ArrayList<>();
  private double sum;
  private int count;

  /** A point every {@code every} steps. */
  public LossTrace(int every) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be at least 1, got " + every);
    }
    this.every = every;
  }

  @Override
  public void onBatchEnd(Trainer trainer, int batchIndex, int batchSize, double loss) {
    add(trainer.samplesSeen(), loss);
  }

  /**
   * Records one step's loss, {@code samples} being the examples seen after it (for loops other than
   * {@link Trainer}'s, e.g. the Spark back end's).
   */
  public void add(long samples, double loss) {
    sum += loss;
    count++;
    if (count == every) {
      points.add(new Point(samples, sum / count));
      sum = 0;
      count = 0;
    }
  }

  /** The points so far (unmodifiable). */
  public List<Point> points() {
    return Collections.unmodifiableList(points);
  }

  /** The points as CSV with the header {@code samples,train_loss}. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("samples,train_loss\n");
    for (Point p : points) {
      sb.append(p.samples()).append(',').append(p.loss()).append('\n');
    }
    return sb.toString();
  }

  @Override
  public Map<String, Object> state() {
    List<Object> samples = new ArrayList<>();
    List<Object> losses = new ArrayList<>();
    for (Point p : points) {
      samples.add(p.samples());
      losses.add(p.loss());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", samples);
    m.put("losses", losses);
    m.put("pending_sum", sum);
    m.put("pending_count", count);
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    points.clear();
    List<?> samples = (List<?>) state.get("samples");
    List<?> losses = (List<?>) state.get("losses");
    for (int i = 0; i < samples.size(); i++) {
      points.add(new Point(((Number) samples.get(i)).longValue(), Json.asDouble(losses.get(i))));
    }
    sum = Json.asDouble(state.get("pending_sum"));
    count = ((Number) state.get("pending_count")).intValue();
  }
}
