package org.sgd4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output directory of a training run ({@code --out}), which never overwrites another run's
 * results unless asked:
 * <ul>
 *   <li>a directory that already holds a run (metrics, weights, a checkpoint, a report) is refused
 *       unless {@code --overwrite}, or unless the run resumes that directory's own checkpoint;</li>
 *   <li>an empty {@code --out ""} is refused (it would mean the working directory);</li>
 *   <li>while a run writes, it holds an exclusive lock ({@link FileChannel#tryLock}) on
 *       {@value #LOCK}, which records its pid: a second run on the same directory is refused and
 *       told which process holds it;</li>
 *   <li>a run that fails before training removes the directory it created, so no empty run
 *       directory is left behind.</li>
 * </ul>
 */
final class RunDirectory implements AutoCloseable {
  /** The lock file inside the directory. */
  static final String LOCK = ".sgd4j.lock";
  /** Files and directories that mark a directory as holding a run. */
  static final List<String> RUN_FILES = List.of("metrics.csv", "metrics.json", "model.safetensors", "checkpoint",
      "trace.csv", "report.html");

  private final Path dir;
  private final boolean created;
  private final FileChannel channel;
  private final FileLock lock;

  private RunDirectory(Path dir, boolean created, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.created = created;
    this.channel = channel;
    this.lock = lock;
  }

  /** The directory. */
  Path path() {
    return dir;
  }

  /** Refuses {@code --out ""} (exit 2). */
  static void checkFlag(Path out, String raw) {
    if (out != null && raw != null && raw.isBlank()) {
      throw new UsageError("--out is empty; name a directory (--out . for the working directory)");
    }
  }

  /**
   * Refuses {@code dir} if it holds a run that this one would overwrite: allowed with
   * {@code overwrite}, or when {@code resume} is {@code dir}'s own checkpoint.
   */
  static void checkNotARun(Path dir, boolean overwrite, Path resume) {
    if (overwrite || !Files.isDirectory(dir)) {
      return;
    }
    if (resume != null && dir.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize().getParent())) {
      return; // continuing the run that is there
    }
    for (String f : RUN_FILES) {
      if (Files.exists(dir.resolve(f))) {
        throw new UsageError("--out " + dir + " already holds a run (" + dir.resolve(f) + "); choose another"
            + " directory, resume it (--resume " + dir.resolve("checkpoint") + "), or pass --overwrite");
      }
    }
  }

  /**
   * Creates (if need be) and locks {@code dir}; checks again that it holds no run, now that no other
   * sgd4j process can start writing into it.
   */
  static RunDirectory open(Path dir, boolean overwrite, Path resume) {
    boolean created = !Files.exists(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError("cannot create the output directory " + dir + " (" + Main.describe(e) + ")", e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserError("the output directory " + dir + " is not writable");
    }
    Path lockFile = dir.resolve(LOCK);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(lockFile);
        ch.close();
        throw new UserError("--out " + dir + " is in use by another sgd4j run" + holder + " (lock " + lockFile
            + "); wait for it to finish or choose another directory");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(false);
      RunDirectory r = new RunDirectory(dir, created, ch, lock);
      try {
        checkNotARun(dir, overwrite, resume);
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
      return r;
    } catch (IOException e) {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException ignored) {
        // the first error is the one to report
      }
      throw new UserError("cannot lock the output directory " + dir + " (" + Main.describe(e) + ")", e);
    }
  }

  private static String holder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Checks before training that {@code sub} (e.g. the checkpoint directory) can be created and
   * written, so that a run does not fail after its first epoch.
   */
  static void checkWritableDir(Path sub, String what) {
    try {
      Files.createDirectories(sub);
      Path probe = Files.createTempFile(sub, ".probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UserError("cannot write the " + what + " into " + sub + " (" + Main.describe(e) + ")", e);
    }
  }

  /** Checks before training that the file {@code file} can be written ({@code --save}). */
  static void checkWritableFile(Path file, String flag) {
    if (Files.isDirectory(file)) {
      throw new UserError(flag + " " + file + " is a directory; name a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UserError(flag + " " + file + ": the directory " + parent + " does not exist");
    }
    if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
      throw new UserError(flag + " " + file + " is not writable");
    }
  }

  /**
   * A run that failed before training: removes what this run created (the lock, and the directory
   * with its empty sub-directories if it created it and no file is in it).
   */
  void abandon() {
    close();
    if (created) {
      try {
        Files.deleteIfExists(dir.resolve(LOCK));
        List<Path> deepestFirst;
        try (Stream<Path> s = Files.walk(dir)) {
          deepestFirst = s.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path d : deepestFirst) { // empty directories only: never a file
          try (Stream<Path> s = Files.list(d)) {
            if (s.findAny().isEmpty()) {
              Files.delete(d);
            }
          }
        }
      } catch (IOException ignored) {
        // best effort: the error that made the run fail is the one to report
      }
    }
  }

  /** Releases the lock (the lock file stays: deleting it could race with another process's lock). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock in any case
    }
  }
}
