package org.sgd4j.lab.d2l;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sgd4j.lab.plot.ChartFiles;
import org.sgd4j.lab.plot.LineChart;
import org.sgd4j.lab.report.CsvFile;
import org.sgd4j.lab.report.HtmlPage;

/**
 * Writes the chapter's results: {@code RUN.csv} per run (seed, examples, epoch, seconds, loss at every
 * record point of every seed), {@code summary.csv} (the table), the chapter's figures as PNG and SVG —
 * {@code loss-SECTION} (loss against epochs, the runs of one section overlaid, first seed),
 * {@code concise-OPTIMIZER} (a concise run against its scratch counterpart) and {@code time} (loss
 * against seconds for gd, sgd and the two mini-batch runs, log time axis) — and {@code report.html}
 * with the table beside PyTorch's figures for the same runs.
 */
public final class D2lReport {
  /** The runs of the chapter's loss-against-time figure (d2l 11.5). */
  public static final List<String> TIME_RUNS = List.of("gd", "sgd", "minibatch-100", "minibatch-10");

  private D2lReport() {}

  /** One row of the table: ours and, where the reference has the run, PyTorch's. */
  public record Row(RunSummary ours, Optional<PyTorchReference.Run> torch) {
    /** |Δ| / √(sd²/n + sd_torch²/n_torch), the gap of the mean final losses in standard errors; NaN without both sds. */
    public double z() {
      if (torch.isEmpty() || ours.results().size() < 2) {
        return Double.NaN;
      }
      PyTorchReference.Run t = torch.get();
      double se = Stats.standardErrorOfDifference(ours.finalLossSd(), ours.results().size(), t.finalLossSd(),
          t.finalLosses().length);
      return Math.abs(ours.finalLossMean() - t.finalLossMean()) / se;
    }
  }

  /** The table's rows, in the order of {@code summaries}. */
  public static List<Row> rows(List<RunSummary> summaries, PyTorchReference torch) {
    return summaries.stream().map(s -> new Row(s, torch.run(s.run().name()))).toList();
  }

  /** Writes every file into {@code dir}; {@code command} is the command line shown on the page. */
  public static void write(List<RunSummary> summaries, PyTorchReference torch, Path dir, String command)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, RunSummary> byName = new LinkedHashMap<>();
    for (RunSummary s : summaries) {
      byName.put(s.run().name(), s);
      writeCurves(s, dir.resolve(s.run().name() + ".csv"));
    }
    List<Row> rows = rows(summaries, torch);
    writeSummary(rows, dir.resolve("summary.csv"));

    long seed = summaries.get(0).results().get(0).seed();
    int repeats = summaries.get(0).results().size();
    HtmlPage page = new HtmlPage("The optimization chapter's airfoil runs (d2l.ai chapter 11)");
    page.code(command);
    page.paragraph("Linear regression on the first 1,500 rows of the airfoil self-noise data, every column "
        + "standardised (mean 0, population standard deviation 1). Scratch runs start from w ~ N(0, 0.01²), b = 0 and "
        + "train with the chapter's own update rules on the loss ½(ŷ − y)² averaged over the mini-batch; concise runs "
        + "are Linear(5, 1) with weight ~ N(0, 0.01²) trained by sgd4j's torch.optim-exact optimizers on MSELoss, "
        + "as the chapter's train_concise_ch11 does. Every 200 examples the loss ½(ŷ − y)² over all 1,500 rows is "
        + "recorded, with the clock stopped; a run reports the last recorded loss and its training seconds per "
        + "epoch. Seeds " + seed + (repeats > 1 ? " to " + (seed + repeats - 1) : "") + "; the figures show seed "
        + seed + ".");
    page.heading("Final loss and seconds per epoch");
    page.table(List.of("run", "settings", "final loss", "sec/epoch", "CPU sec/epoch", "PyTorch final loss",
        "PyTorch sec/epoch", "PyTorch CPU sec/epoch", "PyTorch / sgd4j CPU time", "|Δ| / SE"), tableRows(rows));
    page.paragraph("Mean ± sample standard deviation over the seeds. PyTorch's columns are the chapter's own code "
        + "(reference/d2l/ch11.py, torch " + torch.torch() + ", " + torch.threads() + " threads) over seeds 0 to 9, "
        + "measured on " + torch.cpu() + " on " + torch.date() + ": its seconds compare with ours only on that "
        + "machine. Seconds are wall-clock training time per epoch, as the chapter's timer measures it; CPU seconds "
        + "are CPU time over the same intervals, which other work on the machine disturbs less: the training "
        + "thread's for sgd4j (its kernels run on that one thread), the whole process's for PyTorch. "
        + "|Δ| / SE is the gap of the two mean final losses in standard errors of their difference, "
        + "√(sd²/n + sd_torch²/n_torch); over many runs of the same experiment about 1 in 20 exceeds 2.");
    for (Map.Entry<String, String> section : D2lRuns.SECTIONS.entrySet()) {
      if (section.getKey().equals("concise")) {
        continue;
      }
      List<RunSummary> in = summaries.stream().filter(s -> s.run().section().equals(section.getKey())).toList();
      if (in.isEmpty()) {
        continue;
      }
      LineChart c = epochChart(section.getValue());
      for (RunSummary s : in) {
        addCurve(c, s);
      }
      String stem = "loss-" + section.getKey();
      ChartFiles.save(c.chart(), dir, stem);
      page.image(stem + ".png", "Loss against epochs: " + section.getValue(), stem + ".svg");
    }
    for (RunSummary s : summaries) {
      if (!s.run().isConcise()) {
        continue;
      }
      LineChart c = epochChart(s.run().name() + " against " + s.run().counterpart());
      addCurve(c, s);
      RunSummary scratch = byName.get(s.run().counterpart());
      if (scratch != null) {
        addCurve(c, scratch);
      }
      String stem = s.run().name();
      ChartFiles.save(c.chart(), dir, stem);
      page.image(stem + ".png", "Loss against epochs: " + s.run().name() + " and " + s.run().counterpart(), stem + ".svg");
    }
    List<RunSummary> timed = TIME_RUNS.stream().filter(byName::containsKey).map(byName::get).toList();
    if (!timed.isEmpty()) {
      LineChart c = LineChart.of("Loss against training time", "seconds, median over the seeds (log scale)",
          "loss, mean over the seeds").logX();
      for (RunSummary s : timed) {
        addTimeCurve(c, s);
      }
      ChartFiles.save(c.chart(), dir, "time");
      page.image("time.png", "Loss against training seconds for gd, sgd and the mini-batch runs", "time.svg");
      page.paragraph("The time figure puts each record point at the median over the seeds of the training seconds "
          + "(the first seed's runs also pay for the JIT compiling sgd4j's code) and the mean loss over the seeds.");
    }
    page.link("summary.csv", "summary.csv");
    for (RunSummary s : summaries) {
      page.link(s.run().name() + ".csv", s.run().name() + ".csv");
    }
    page.write(dir.resolve("report.html"));
  }

  /** Loss against epochs from 0 (the first record is at 200 / 1,500 = 0.133… epochs), ticks to two decimals. */
  private static LineChart epochChart(String title) {
    LineChart c = LineChart.of(title, "epoch", "loss");
    c.chart().getStyler().setXAxisMin(0.0);
    c.chart().getStyler().setXAxisDecimalPattern("0.##");
    return c;
  }

  private static void addCurve(LineChart c, RunSummary s) {
    List<RecordPoint> pts = s.results().get(0).points();
    double[] x = pts.stream().mapToDouble(RecordPoint::epoch).toArray();
    double[] y = pts.stream().mapToDouble(RecordPoint::loss).toArray();
    c.series(s.run().name(), x, y, pts.size() < 20);
  }

  private static void addTimeCurve(LineChart c, RunSummary s) {
    int points = s.results().get(0).points().size();
    double[] x = new double[points];
    double[] y = new double[points];
    for (int k = 0; k < points; k++) {
      int at = k;
      x[k] = Stats.median(s.results().stream().mapToDouble(r -> r.points().get(at).seconds()).toArray());
      y[k] = Stats.mean(s.results().stream().mapToDouble(r -> r.points().get(at).loss()).toArray());
    }
    c.series(s.run().name(), x, y, points < 20);
  }

  private static void writeCurves(RunSummary s, Path file) throws IOException {
    CsvFile csv = new CsvFile(List.of("seed", "examples", "epoch", "seconds", "loss", "cpu_seconds"));
    for (RunResult r : s.results()) {
      for (RecordPoint p : r.points()) {
        csv.row(r.seed(), p.examples(), p.epoch(), p.seconds(), p.loss(), blank(p.cpuSeconds()));
      }
    }
    csv.write(file);
  }

  private static void writeSummary(List<Row> rows, Path file) throws IOException {
    CsvFile csv = new CsvFile(List.of("run", "batch_size", "epochs", "seeds", "final_loss", "final_loss_sd",
        "sec_per_epoch", "cpu_sec_per_epoch", "torch_final_loss", "torch_final_loss_sd", "torch_sec_per_epoch",
        "torch_cpu_sec_per_epoch", "z"));
    for (Row r : rows) {
      RunSummary s = r.ours();
      csv.row(s.run().name(), s.run().batchSize(), s.run().epochs(), s.results().size(), s.finalLossMean(),
          blank(s.finalLossSd()), s.secondsPerEpochMean(), blank(s.cpuSecondsPerEpochMean()),
          r.torch().map(t -> (Object) t.finalLossMean()).orElse(""),
          r.torch().map(t -> (Object) t.finalLossSd()).orElse(""),
          r.torch().map(t -> (Object) t.secondsPerEpochMean()).orElse(""),
          r.torch().map(t -> (Object) t.cpuSecondsPerEpochMean()).orElse(""), blank(r.z()));
    }
    csv.write(file);
  }

  private static List<List<String>> tableRows(List<Row> rows) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : rows) {
      RunSummary s = r.ours();
      List<String> row = new ArrayList<>(List.of(s.run().name(), s.run().settings(),
          meanSd(s.finalLossMean(), s.finalLossSd()), fmt("%.4f", s.secondsPerEpochMean()),
          fmt("%.4f", s.cpuSecondsPerEpochMean())));
      if (r.torch().isPresent()) {
        PyTorchReference.Run t = r.torch().get();
        row.add(meanSd(t.finalLossMean(), t.finalLossSd()));
        row.add(fmt("%.4f", t.secondsPerEpochMean()));
        row.add(fmt("%.4f", t.cpuSecondsPerEpochMean()));
        row.add(fmt("%.1f×", t.cpuSecondsPerEpochMean() / s.cpuSecondsPerEpochMean()));
        row.add(Double.isNaN(r.z()) ? "—" : fmt("%.2f", r.z()));
      } else {
        row.addAll(List.of("—", "—", "—", "—", "—"));
      }
      out.add(row);
    }
    return out;
  }

  /** "0.2431 ± 0.0008", or the mean alone when the sd is NaN (one seed). */
  public static String meanSd(double mean, double sd) {
    return Double.isNaN(sd) ? fmt("%.4f", mean) : fmt("%.4f ± %.4f", mean, sd);
  }

  private static Object blank(double v) {
    return Double.isNaN(v) ? "" : v;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
