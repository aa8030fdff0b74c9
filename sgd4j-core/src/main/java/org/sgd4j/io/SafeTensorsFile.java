package org.sgd4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sgd4j.tensor.Tensor;

/**
 * The content of a safetensors file: its tensors (float32, by name, in the file's data order), the
 * element type each had on disk, and the free-form string metadata of the header's
 * {@code "__metadata__"} entry.
 *
 * @param tensors the tensors by name
 * @param dtypes  the on-disk element type of each tensor (F32 unless it was converted)
 * @param metadata the {@code __metadata__} strings (empty when the file has none)
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, DType> dtypes, Map<String, String> metadata) {
  /** Keeps unmodifiable copies of the maps, in their order. */
  public SafeTensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    dtypes = Collections.unmodifiableMap(new LinkedHashMap<>(dtypes));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
