package org.sgd4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Unpacks selected regular files from a gzip-compressed tar archive (POSIX ustar / GNU headers:
 * 512-byte blocks, name at 0, octal size at 124, type flag at 156, name prefix at 345). Only the base
 * name of a member is used, so a hostile archive cannot write outside the target directory. For the
 * CIFAR-10 tarball.
 */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /** Writes the members whose base name is in {@code wanted} into {@code dir}; returns how many. */
  static int extract(Path archive, Path dir, Set<String> wanted) throws IOException {
    String source = archive.toString();
    Files.createDirectories(dir);
    int written = 0;
    try (InputStream in = DataFile.open(archive)) {
      byte[] header = new byte[BLOCK];
      long offset = 0;
      while (true) {
        int got = in.readNBytes(header, 0, BLOCK);
        if (got == 0) {
          break;
        }
        if (got < BLOCK) {
          throw DataFormatException.atOffset(source, offset + got, "truncated tar header");
        }
        if (isZero(header)) {
          break;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 6).trim())) {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12, source, offset);
        byte type = header[156];
        offset += BLOCK;
        String base = name.substring(name.lastIndexOf('/') + 1);
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if ((type == '0' || type == 0) && wanted.contains(base)) {
          Path part = Files.createTempFile(dir, base + ".", ".part");
          try {
            try (OutputStream out = Files.newOutputStream(part)) {
              copy(in, out, size, source, offset);
            }
            Files.move(part, dir.resolve(base), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(part);
          }
          skip(in, padded - size, source, offset + size);
          written++;
        } else {
          skip(in, padded, source, offset);
        }
        offset += padded;
      }
    }
    return written;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] h, int from, int len) {
    int end = from;
    while (end < from + len && h[end] != 0) {
      end++;
    }
    return new String(h, from, end - from, StandardCharsets.ISO_8859_1);
  }

  private static long octal(byte[] h, int from, int len, String source, long offset) throws DataFormatException {
    String s = field(h, from, len).trim();
    if (s.isEmpty() || !s.matches("[0-7]{1,11}")) {
      throw DataFormatException.atOffset(source, offset + from, "tar member size '" + s + "' is not octal");
    }
    return Long.parseLong(s, 8);
  }

  private static void copy(InputStream in, OutputStream out, long n, String source, long offset) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw DataFormatException.atOffset(source, offset + n - left, "truncated tar member");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static void skip(InputStream in, long n, String source, long offset) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw DataFormatException.atOffset(source, offset + n - left, "truncated tar member");
        }
        s = 1;
      }
      left -= s;
    }
  }
}
