package org.sgd4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 checksums (FIPS 180-4) as lower-case hex, as {@code sha256sum} prints them: a checkpoint
 * records the digest of its weight files so a resumed run can tell a damaged or swapped file.
 */
public final class Sha256 {
  private Sha256() {}

  /** The digest of {@code bytes}. */
  public static String of(byte[] bytes) {
    MessageDigest md = newDigest();
    return HexFormat.of().formatHex(md.digest(bytes));
  }

  /** The digest of the content of {@code file}, read in 64 KiB blocks. */
  public static String of(Path file) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
