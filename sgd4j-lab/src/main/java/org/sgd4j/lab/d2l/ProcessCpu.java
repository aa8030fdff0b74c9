package org.sgd4j.lab.d2l;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this process has used, in nanoseconds (all its threads: the training thread, the JIT
 * compiler, the garbage collector), as Python's {@code time.process_time()} counts PyTorch's.
 */
final class ProcessCpu {
  private static final com.sun.management.OperatingSystemMXBean OS = bean();

  private ProcessCpu() {}

  private static com.sun.management.OperatingSystemMXBean bean() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os;
    }
    return null;
  }

  /** CPU nanoseconds used so far, or −1 where the JVM cannot tell. */
  static long nanos() {
    return OS == null ? -1 : OS.getProcessCpuTime();
  }
}
