package org.sgd4j.data;

import java.io.IOException;

/**
 * A named dataset that the {@link DatasetRegistry} could not find anywhere: the message lists every
 * place it looked, why each failed (missing, checksum mismatch, download error) and how to provide the
 * data.
 */
public class DatasetNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the full message. */
  public DatasetNotFoundException(String message) {
    super(message);
  }
}
