package org.sgd4j.lab.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.sgd4j.lab.LearningCurve;

/**
 * Writes an XChart chart as {@code STEM.png} and {@code STEM.svg}, atomically, with the encoders of
 * {@link LearningCurve#write} (which also makes AWT headless when nothing else decided).
 */
public final class ChartFiles {
  private ChartFiles() {}

  /** Writes {@code dir/stem.png} and {@code dir/stem.svg}, creating {@code dir}; returns the PNG path. */
  public static Path save(XYChart chart, Path dir, String stem) throws IOException {
    Files.createDirectories(dir);
    return LearningCurve.write(chart, dir, stem).get(0);
  }
}
