package org.sgd4j.lab.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes an XChart chart as {@code STEM.png} (72 dpi bitmap) and {@code STEM.svg} (vector). */
public final class ChartFiles {
  private ChartFiles() {}

  /** Writes {@code dir/stem.png} and {@code dir/stem.svg}, creating {@code dir}; returns the PNG path. */
  public static Path save(Chart<?, ?> chart, Path dir, String stem) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Path png = dir.resolve(stem + ".png");
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(stem + ".svg").toString(),
        VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return png;
  }
}
