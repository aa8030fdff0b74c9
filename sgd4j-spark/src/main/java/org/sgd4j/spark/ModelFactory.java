package org.sgd4j.spark;

import java.io.Serializable;
import org.sgd4j.nn.Module;

/**
 * Builds the model's architecture on an executor (Spark ships this factory, not the model). The
 * weights it initialises are overwritten by the driver's broadcast before every use, so only the
 * architecture and the parameter order matter; it must be the architecture of the driver's model.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  /** A new model. */
  Module create();
}
