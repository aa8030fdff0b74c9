package org.sgd4j.tensor;

/**
 * Whether operations on this thread record the graph for backward (PyTorch's grad mode). Enabled by
 * default; disable it for a block with {@link #noGrad()}:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *   // evaluation, optimizer updates: nothing is recorded
 * }
 * }</pre>
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** True when new operations record their backward functions. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Enters a scope without graph recording; closing it restores the previous mode. */
  public static Scope noGrad() {
    return set(false);
  }

  /** Enters a scope with graph recording on (e.g. inside a no-grad block); closing it restores. */
  public static Scope enableGrad() {
    return set(true);
  }

  private static Scope set(boolean enabled) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = enabled;
    return () -> flag[0] = previous;
  }

  /** A grad-mode scope for try-with-resources; {@code close()} restores the previous mode. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
