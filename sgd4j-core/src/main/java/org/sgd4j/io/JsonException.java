package org.sgd4j.io;

/** A JSON document that {@link Json} refused, with the character offset where it went wrong. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int offset;

  /** {@code message} at character {@code offset}. */
  public JsonException(String message, int offset) {
    super(message + " at character " + offset);
    this.offset = offset;
  }

  /** The character offset of the error. */
  public int offset() {
    return offset;
  }
}
