package org.sgd4j.lab.d2l;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time the current thread has used, in nanoseconds, at the resolution of the operating
 * system's thread clock. (The process's CPU time, which the JVM reports only in 10 ms ticks on Linux,
 * is too coarse for runs of a few milliseconds.)
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

  private ThreadCpu() {}

  /** CPU nanoseconds this thread has used so far, or −1 where the JVM cannot tell. */
  static long nanos() {
    return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : -1;
  }
}
