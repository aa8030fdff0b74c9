package org.sgd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * One file of a published dataset and how to recognise a good copy of it.
 *
 * <p>A copy is accepted if its {@code digest} (of the file as stored) matches, or else if its
 * {@code contentDigest} (of the gunzipped content) matches: Debian's {@code dataset-fashion-mnist}
 * rewrote the gzip headers (file name and time stamp), so its {@code .gz} files differ from the
 * published ones while the data is identical. Digests are written {@code "sha256:<hex>"} or
 * {@code "md5:<hex>"}; a null digest is not checked (then the size, if given, is).
 *
 * @param name the file name
 * @param size the size in bytes as stored, or -1 if not checked
 * @param digest the published digest of the file, or null
 * @param contentDigest the digest of the decompressed content of a gzip file, or null
 */
public record DataFileSpec(String name, long size, String digest, String contentDigest) {

  /** Validates the digest syntax. */
  public DataFileSpec {
    checkDigest(digest);
    checkDigest(contentDigest);
  }

  private static void checkDigest(String d) {
    if (d != null && !(d.matches("sha256:[0-9a-f]{64}") || d.matches("md5:[0-9a-f]{32}"))) {
      throw new IllegalArgumentException("digest must be sha256:<64 hex> or md5:<32 hex>, got " + d);
    }
  }

  /**
   * Why {@code file} is not a good copy, or null if it is: missing, wrong size, or neither digest
   * matching (the message gives the expected and the actual values).
   */
  public String problem(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "missing " + name;
    }
    long actualSize = Files.size(file);
    if (digest == null && contentDigest == null) {
      return size >= 0 && actualSize != size ? name + " has " + actualSize + " bytes, expected " + size : null;
    }
    String actual = null;
    if (digest != null) {
      try (InputStream in = Files.newInputStream(file)) {
        actual = digestOf(in, algorithm(digest));
      }
      if (actual.equals(digest)) {
        return null;
      }
    }
    if (contentDigest != null) {
      String content;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        content = digestOf(in, algorithm(contentDigest));
      } catch (IOException e) {
        return name + ": not a readable gzip file (" + e.getMessage() + ")";
      }
      if (content.equals(contentDigest)) {
        return null;
      }
      return name + ": checksum mismatch: " + (actual != null ? "file " + actual + ", expected " + digest + "; " : "")
          + "content " + content + ", expected " + contentDigest;
    }
    return name + ": checksum mismatch: " + actual + ", expected " + digest;
  }

  static String algorithm(String digest) {
    return digest.startsWith("sha256:") ? "SHA-256" : "MD5";
  }

  /** {@code "<alg>:<hex>"} of the stream's bytes, with {@code alg} "SHA-256" or "MD5". */
  static String digestOf(InputStream in, String algorithm) throws IOException {
    MessageDigest md = newDigest(algorithm);
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      md.update(buf, 0, n);
    }
    return prefix(algorithm) + HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  static String prefix(String algorithm) {
    return algorithm.replace("-", "").toLowerCase(Locale.ROOT) + ":";
  }
}
