package org.sgd4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void createsAndReplacesLeavingNoTemporaryFile() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFile.writeString(f, "first");
    AtomicFile.writeString(f, "second");
    assertThat(Files.readString(f)).isEqualTo("second");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFile.writeString(f, "old");
    assertThatThrownBy(() -> AtomicFile.write(f, ch -> {
      AtomicFile.writeFully(ch, ByteBuffer.wrap("half of the new".getBytes()));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void namesAMissingDirectory() {
    Path f = dir.resolve("nope/a.txt");
    assertThatThrownBy(() -> AtomicFile.writeString(f, "x")).isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void sha256MatchesTheFipsExample() throws IOException {
    // FIPS 180-2 appendix B.1: SHA-256("abc")
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(Sha256.of("abc".getBytes())).isEqualTo(abc);
    Path f = dir.resolve("abc");
    Files.writeString(f, "abc");
    assertThat(Sha256.of(f)).isEqualTo(abc);
  }
}
