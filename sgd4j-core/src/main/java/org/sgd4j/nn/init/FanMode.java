package org.sgd4j.nn.init;

/** Which fan Kaiming initialisation preserves: {@code fan_in} (forward pass variance) or {@code fan_out} (backward). */
public enum FanMode {
  FAN_IN,
  FAN_OUT
}
