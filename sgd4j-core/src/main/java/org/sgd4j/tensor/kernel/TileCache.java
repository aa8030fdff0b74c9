package org.sgd4j.tensor.kernel;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The remembered GEMM tile choices: a properties file in the user's cache directory
 * ({@code $XDG_CACHE_HOME/sgd4j/gemm-tiles.properties}, or {@code ~/.cache/sgd4j/gemm-tiles.properties}),
 * one entry per CPU model, JVM and vector width, so that the start-up probe runs once per machine and
 * JVM. Beside each choice it keeps the speeds the probe measured. The file is rewritten whole through a
 * temporary file, so a reader never sees half of it; concurrent writers at worst drop each other's entry,
 * which is measured again.
 */
final class TileCache {
  static final String FILE_NAME = "gemm-tiles.properties";

  private final Path file;

  TileCache(Path file) {
    this.file = file;
  }

  /** The file in the user's cache directory. */
  static TileCache user() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path dir = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new TileCache(dir.resolve("sgd4j").resolve(FILE_NAME));
  }

  Path file() {
    return file;
  }

  /** The key of this CPU model, JVM and vector width. */
  static String key(String cpuModel, int lanes) {
    return cpuModel + " | " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " | " + lanes + " lanes";
  }

  /** The tile remembered under {@code key}, or null (no file, no entry, or an unreadable file). */
  String lookup(String key) {
    return read().getProperty(key);
  }

  /**
   * Remembers {@code tile} (and the measured {@code speeds}, for the record) under {@code key}.
   *
   * @throws IOException if the file cannot be written
   */
  void store(String key, String tile, String speeds) throws IOException {
    Properties p = read();
    p.setProperty(key, tile);
    p.setProperty(key + " | measured", speeds);
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "sgd4j: SGEMM register tiles picked by the start-up probe (delete to measure again)");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Properties read() {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        return new Properties();
      }
    }
    return p;
  }
}
