package org.sgd4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgd4j.tensor.Tensor;

/**
 * safetensors against files written from torch tensors (reference/io/gen_safetensors.py), both
 * directions, and against malformed and hostile headers.
 */
class SafeTensorsTest {
  @TempDir Path dir;
  static JsonNode expected;

  @BeforeAll
  static void loadExpected() throws IOException {
    try (InputStream in = SafeTensorsTest.class.getResourceAsStream("/reference/io/expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
  }

  static Path resource(String name) throws IOException {
    try {
      return Path.of(SafeTensorsTest.class.getResource("/reference/io/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  static void assertMatches(Tensor t, JsonNode spec) {
    JsonNode shape = spec.get("shape");
    assertThat(t.shape()).hasSize(shape.size());
    for (int i = 0; i < shape.size(); i++) {
      assertThat(t.shape()[i]).isEqualTo(shape.get(i).asInt());
    }
    float[] values = t.toArray();
    JsonNode v = spec.get("values");
    assertThat(values).hasSize(v.size());
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).as("element %d", i).isEqualTo((float) v.get(i).asDouble());
    }
  }

  @Test
  void readsFloat32TensorsAndMetadataWrittenFromTorch() throws IOException {
    SafeTensorsFile f = SafeTensors.read(resource("mlp.safetensors"));
    JsonNode mlp = expected.get("mlp");
    assertThat(f.tensors().keySet()).containsExactlyInAnyOrder("0.weight", "0.bias", "2.weight", "2.bias", "scalar", "empty");
    for (Iterator<String> it = mlp.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      assertMatches(f.tensors().get(name), mlp.get(name));
      assertThat(f.dtypes().get(name)).isEqualTo(DType.F32);
    }
    assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("note", "sgd4j reference"));
  }

  @Test
  void convertsOtherDtypesToFloat32AsTorchDoes() throws IOException {
    SafeTensorsFile f = SafeTensors.read(resource("mixed.safetensors"));
    JsonNode mixed = expected.get("mixed");
    assertThat(f.tensors()).hasSize(mixed.size());
    for (Iterator<String> it = mixed.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      assertMatches(f.tensors().get(name), mixed.get(name));
      assertThat(f.dtypes().get(name).name()).isEqualTo(mixed.get(name).get("dtype").asText());
    }
    assertThat(f.metadata()).isEmpty();
  }

  @Test
  void writesTheSameBytesAsTheReferenceLayout() throws IOException {
    Path ref = resource("mlp.safetensors");
    SafeTensorsFile f = SafeTensors.read(ref);
    // Insert in a scrambled order: the writer must sort by name as the reference implementation does.
    Map<String, Tensor> scrambled = new LinkedHashMap<>();
    for (String k : new String[] {"scalar", "2.weight", "0.bias", "empty", "2.bias", "0.weight"}) {
      scrambled.put(k, f.tensors().get(k));
    }
    Path out = dir.resolve("out.safetensors");
    SafeTensors.write(out, scrambled, f.metadata());
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ref));
  }

  @Test
  void roundTripsViewsAsDenseRowMajorAndPadsTheHeader() throws IOException {
    Tensor base = Tensor.arange(6).reshape(2, 3);
    Tensor transposed = base.t(); // a non-contiguous view: written as its dense row-major copy
    Path out = dir.resolve("t.safetensors");
    SafeTensors.write(out, Map.of("t", transposed));
    byte[] bytes = Files.readAllBytes(out);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    assertThat(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
        .isEqualTo(String.format("%-" + n + "s", "{\"t\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}}"));
    Tensor back = SafeTensors.read(out).tensors().get("t");
    assertThat(back.shape()).containsExactly(3, 2);
    assertThat(back.toArray()).containsExactly(0, 3, 1, 4, 2, 5);
  }

  @Test
  void refusesATensorNamedLikeTheMetadata() {
    assertThatThrownBy(() -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", Tensor.zeros(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__metadata__");
  }

  // ---------------------------------------------------------------- malformed and hostile files

  private Path file(byte[] bytes) throws IOException {
    Path p = dir.resolve("bad.safetensors");
    Files.write(p, bytes);
    return p;
  }

  private Path file(String header, int bufferBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return file(b.array());
  }

  private void assertRefused(Path p, String... fragments) {
    assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(SafeTensorsException.class)
        .hasMessageContaining(p.toString()).hasMessageContainingAll(fragments);
  }

  @Test
  void refusesAFileShorterThanTheLengthPrefix() throws IOException {
    assertRefused(file(new byte[5]), "5 bytes", "too short");
  }

  @Test
  void refusesAHeaderLengthLargerThanTheFile() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put(new byte[8]);
    assertRefused(file(b.array()), "header length 1000 exceeds the 8 bytes");
  }

  @Test
  void refusesAnAbsurdHeaderLengthBeforeAllocating() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2L).put(new byte[8]);
    assertRefused(file(b.array()), "header length 18446744073709551614", "limit");
    ByteBuffer c = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).put(new byte[8]);
    assertRefused(file(c.array()), "header length 200000000", "limit");
  }

  @Test
  void refusesInvalidJsonAndInvalidUtf8() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",", 0), "not valid JSON");
    assertRefused(file("[1,2]   ", 0), "does not start with '{'");
    byte[] bad = {8, 0, 0, 0, 0, 0, 0, 0, '{', '"', (byte) 0xff, '"', ':', '1', '}', ' '};
    assertRefused(file(bad), "not valid UTF-8");
  }

  @Test
  void refusesDuplicateNames() throws IOException {
    String e = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    assertRefused(file("{\"w\":" + e + ",\"w\":" + e + "}", 4), "duplicate key \"w\"");
  }

  @Test
  void refusesOffsetsPastTheBuffer() throws IOException {
    assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8),
        "tensor \"w\"", "runs past the end of the 8-byte buffer");
  }

  @Test
  void refusesOverlappingTensors() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensor \"b\"", "overlaps");
  }

  @Test
  void refusesGapsAndTrailingBytes() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "gap of 4 bytes");
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12),
        "cover 4 bytes but the buffer after the header is 12 bytes");
  }

  @Test
  void refusesAShapeThatDoesNotMatchTheByteRange() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
        "shape [2, 3] of F32 needs 24 bytes", "span 20");
  }

  @Test
  void refusesNegativeAndOverflowingDimensions() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1,4],\"data_offsets\":[0,0]}}", 0), "negative dimension -1");
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],"
        + "\"data_offsets\":[0,0]}}", 0), "too many elements");
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}", 0),
        "more than a Java array can hold");
  }

  @Test
  void refusesUnknownDtypesNamingThem() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "unsupported dtype C64");
  }

  @Test
  void refusesMalformedEntries() throws IOException {
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "\"data_offsets\" is missing");
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "not an integer");
    assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field \"x\"");
    assertRefused(file("{\"__metadata__\":{\"k\":1}}", 0), "\"k\" is not a string");
  }
}
