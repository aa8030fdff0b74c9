package org.sgd4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sgd4j} program: {@code sgd4j train [options]} trains a model with an SGD-family
 * optimizer (by default the notes' first training script: Fashion-MNIST, a 784-512-512-10 MLP,
 * SGD with lr 1e-3 and momentum 0.5, batch 16, 10 epochs).
 *
 * <p>Exit status: 0 success, 1 error (a message on stderr), 2 bad command line, 3 the training
 * diverged (NaN or infinite loss).
 */
@Command(name = "sgd4j", mixinStandardHelpOptions = true, version = "sgd4j 0.1.0",
    description = "Stochastic gradient descent for the JVM.",
    subcommands = {TrainCommand.class, TraceCommand.class, ConditioningCommand.class,
        BiasVarianceCommand.class, LandscapeCommand.class, LargeBatchCommand.class,
        TourCommand.class, SweepCommand.class, FiniteSumCommand.class, D2lCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit status of a run that diverged. */
  public static final int EXIT_DIVERGED = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command (try: sgd4j train)");
  }

  /** Runs the program and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The program's command line with its error handling (for running it in-process). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setOverwrittenOptionsAllowed(true); // the last of a repeated option wins, as in most Unix tools
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + " (see: "
          + c.getCommandSpec().qualifiedName() + " --help)");
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      PrintWriter err = c.getErr();
      boolean verbose = c.getParseResult() != null && c.getParseResult().hasMatchedOption("--verbose");
      String name = c.getCommandSpec().qualifiedName();
      if (isUserError(ex)) {
        err.println(name + ": " + message(ex));
      } else {
        err.println(name + ": internal error: " + ex + (verbose ? "" : " (--verbose shows the stack trace)"));
      }
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return 1;
    });
    return cl;
  }

  private static boolean isUserError(Throwable ex) {
    return ex instanceof UserError || ex instanceof IOException || ex instanceof UncheckedIOException
        || ex instanceof IllegalArgumentException;
  }

  private static String message(Throwable ex) {
    return ex instanceof IOException ? describe((IOException) ex) : ex.getMessage() == null ? ex.toString()
        : ex.getMessage();
  }

  /** An I/O error in words: the file system exceptions carry only the path as their message. */
  static String describe(IOException ex) {
    String m = ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    if (ex instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    if (ex instanceof java.nio.file.FileAlreadyExistsException) {
      return "not a directory (a file is in the way): " + m;
    }
    return m == null ? ex.toString() : m;
  }
}
