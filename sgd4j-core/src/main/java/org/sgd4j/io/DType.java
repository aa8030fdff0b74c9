package org.sgd4j.io;

import java.nio.ByteBuffer;

/**
 * The element types of the safetensors format (the {@code "dtype"} strings of its header) with their
 * byte sizes. sgd4j tensors are float32, so reading converts every supported type to float:
 * F64 rounds to nearest, the integer types convert exactly up to 2^24 and round beyond, BOOL gives
 * 0 or 1, F16/BF16 widen exactly.
 *
 * <p>Source: the safetensors specification, https://github.com/huggingface/safetensors (README, "Format").
 */
public enum DType {
  /** IEEE 754 single precision. */
  F32(4),
  /** IEEE 754 double precision. */
  F64(8),
  /** IEEE 754 half precision. */
  F16(2),
  /** bfloat16: the high 16 bits of a float32. */
  BF16(2),
  /** Signed 64-bit integer. */
  I64(8),
  /** Signed 32-bit integer. */
  I32(4),
  /** Signed 16-bit integer. */
  I16(2),
  /** Signed 8-bit integer. */
  I8(1),
  /** Unsigned 8-bit integer. */
  U8(1),
  /** Boolean, one byte, 0 or 1. */
  BOOL(1);

  private final int size;

  DType(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The type called {@code name} in a header, or null when sgd4j does not read it. */
  static DType byName(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** Reads the element at the buffer's position (little-endian buffer) as a float. */
  float read(ByteBuffer b) {
    switch (this) {
      case F32: return b.getFloat();
      case F64: return (float) b.getDouble();
      case F16: return halfToFloat(b.getShort());
      case BF16: return Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
      case I64: return (float) b.getLong();
      case I32: return (float) b.getInt();
      case I16: return b.getShort();
      case I8: return b.get();
      case U8: return b.get() & 0xff;
      case BOOL: return b.get() != 0 ? 1f : 0f;
      default: throw new AssertionError(this);
    }
  }

  /** IEEE 754 binary16 to binary32, exact (Float.float16ToFloat is Java 20). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24, exact in float
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
