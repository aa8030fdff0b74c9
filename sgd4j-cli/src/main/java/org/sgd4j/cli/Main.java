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
 * <p>Exit status, the same for every command ({@link ExitCodes}, shown by {@code --help}): 0 done;
 * 1 bad input or data; 2 bad command line; 3 diverged; 130/143 interrupted by SIGINT/SIGTERM. An
 * error is one line on stderr, never a stack trace (unless {@code --verbose}).
 */
@Command(name = "sgd4j", mixinStandardHelpOptions = true, version = "sgd4j 0.1.0",
    description = "Stochastic gradient descent for the JVM.",
    subcommands = {TrainCommand.class, TraceCommand.class, ConditioningCommand.class,
        BiasVarianceCommand.class, LandscapeCommand.class, LargeBatchCommand.class,
        TourCommand.class, SweepCommand.class, FiniteSumCommand.class, D2lCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit status of a run that diverged. */
  public static final int EXIT_DIVERGED = ExitCodes.DIVERGED;

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
    exitCodeTable(cl);
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    cl.setExecutionStrategy(parseResult -> {
      try {
        return runLast.execute(parseResult);
      } catch (OutOfMemoryError | StackOverflowError e) { // to the handler below, as one line
        throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.toString(), e);
      }
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + " (see: "
          + c.getCommandSpec().qualifiedName() + " --help)");
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((exception, c, parseResult) -> {
      Throwable ex = exception instanceof CommandLine.ExecutionException && exception.getCause() instanceof Error
          ? exception.getCause() : exception;
      PrintWriter err = c.getErr();
      boolean verbose = c.getParseResult() != null && c.getParseResult().hasMatchedOption("--verbose")
          && Boolean.TRUE.equals(c.getParseResult().matchedOptionValue("--verbose", Boolean.FALSE));
      String name = c.getCommandSpec().qualifiedName();
      if (ex instanceof UsageError) {
        err.println(name + ": " + ex.getMessage() + " (see: " + name + " --help)");
        err.flush();
        return ExitCodes.USAGE;
      }
      if (ex instanceof Diverged) {
        err.println(name + ": " + ex.getMessage());
        err.flush();
        return ExitCodes.DIVERGED;
      }
      if (isUserError(ex)) {
        err.println(name + ": " + message(ex));
      } else if (ex instanceof OutOfMemoryError) {
        err.println(name + ": out of memory (the JVM may use " + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB; give it more with SGD4J_JAVA_OPTS=-Xmx8g, or use less data)");
      } else if (ex instanceof StackOverflowError) {
        err.println(name + ": the input is nested too deeply (stack overflow)");
      } else {
        err.println(name + ": internal error: " + ex + (verbose ? "" : " (--verbose shows the stack trace)"));
      }
      if (verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ExitCodes.BAD_INPUT;
    });
    return cl;
  }

  /** Every command's --help ends with the same exit-status table. */
  private static void exitCodeTable(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(ExitCodes.table());
    for (CommandLine sub : cl.getSubcommands().values()) {
      exitCodeTable(sub);
    }
  }

  private static boolean isUserError(Throwable ex) {
    return ex instanceof UserError || ex instanceof IOException || ex instanceof UncheckedIOException
        || ex instanceof IllegalArgumentException;
  }

  private static String message(Throwable ex) {
    String m = ex instanceof IOException ? describe((IOException) ex) : ex.getMessage() == null ? ex.toString()
        : ex.getMessage();
    if (ex instanceof org.sgd4j.data.DatasetNotFoundException) {
      return m; // the places looked in, one per line, and how to provide the data
    }
    // one line: a message's further lines (an excerpt with a caret under a position) joined or dropped
    return m.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.matches("\\^+"))
        .collect(java.util.stream.Collectors.joining("; "));
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
