package org.sgd4j.cli;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process holding a run directory's lock, as a second {@code sgd4j train} would: it locks
 * {@code args[0]}, writes its pid there, prints "locked" and holds the lock until its stdin closes.
 */
final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our stdin
      }
    }
  }
}
