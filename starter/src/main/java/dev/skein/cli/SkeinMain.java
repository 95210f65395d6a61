package dev.skein.cli;

import dev.skein.client.SkeinException;
import dev.skein.client.UnreachableServiceException;
import dev.skein.codec.EncryptionKeyException;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.storage.InvalidStorageSettingsException;
import dev.skein.storage.StorageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code skein} command. */
@Command(
    name = "skein",
    mixinStandardHelpOptions = true,
    versionProvider = SkeinMain.Version.class,
    description = "Durable AI-agent pipelines on Temporal.",
    subcommands = {
      RunCommand.class,
      StartCommand.class,
      WatchCommand.class,
      StatusCommand.class,
      ResultCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      BudgetCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      ResumeStepCommand.class,
      ListCommand.class,
      ValidateCommand.class,
      SchemaCommand.class,
      GraphCommand.class,
      PlanCommand.class,
      TimelineCommand.class,
      WorkerCommand.class,
      DevServerCommand.class,
      CodecServerCommand.class,
      SetupCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 run failed or cancelled, 2 bad input or usage (nothing "
          + "started), 3 Temporal service unreachable, 70 internal error (a bug in skein), "
          + "130 a second Ctrl-C stopped waiting for a cancellation."
    })
public final class SkeinMain implements Runnable {

  /** Commands whose job is to log (long-running processes); the others stay quiet. */
  private static final Set<String> SERVER_COMMANDS = Set.of("worker", "dev-server");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command.");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    try {
      configureLogging(args);
      return execute(commandLine(), args);
    } catch (Throwable t) {
      return internalError(t);
    }
  }

  /**
   * Runs {@code commandLine} (skein's, or in a test one with a command added) so that whatever it
   * throws ends as a sentence and an exit code. picocli's handlers see only {@link Exception}s: an
   * {@link Error} a command throws comes out of {@link CommandLine#execute} as it is.
   */
  static int execute(CommandLine commandLine, String... args) {
    try {
      return commandLine.execute(args);
    } catch (Throwable t) {
      return internalError(t);
    }
  }

  static CommandLine commandLine() {
    return new CommandLine(new SkeinMain())
        .setExecutionStrategy(SkeinMain::executeGuarded)
        .setExecutionExceptionHandler(SkeinMain::handleAnyError)
        .setParameterExceptionHandler(SkeinMain::handleUsageError)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** A usage error: the problem and where to find help, not the whole usage text. */
  private static int handleUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    System.err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
    System.err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCodes.USAGE;
  }

  /**
   * picocli's own strategy, except that what picocli does not hand to the handlers (a failure while
   * it wraps a command's failure) is an internal error too, not a stack trace picocli prints.
   */
  private static int executeGuarded(CommandLine.ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (ParameterException | CommandLine.ExecutionException forTheHandlers) {
      throw forTheHandlers;
    } catch (RuntimeException e) {
      return internalError(e);
    }
  }

  /**
   * As {@link #handleError}, which must not fail either: picocli prints a stack trace if it does.
   */
  private static int handleAnyError(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    try {
      return handleError(e, commandLine, parseResult);
    } catch (Throwable t) {
      return internalError(t);
    }
  }

  /**
   * What no sentence was written for: a Java {@link Error} (out of memory, a stack overflow, a
   * missing class), or a failure of the failure handling itself. Still one sentence and no class
   * name; the stack trace only when asked for. The printing may fail too (out of memory): the exit
   * code still says what happened.
   */
  static int internalError(Throwable t) {
    try {
      boolean debug = System.getenv("SKEIN_DEBUG") != null;
      if (debug) {
        t.printStackTrace();
      }
      System.err.println(
          "skein: internal error: "
              + InternalFailure.describe(t)
              + (debug
                  ? " (the stack trace is above)."
                  : ". Run again with SKEIN_DEBUG=1 to print its stack trace, and report it."));
    } catch (Throwable ignored) {
      // nothing more can be said
    }
    return ExitCodes.INTERNAL;
  }

  /** Errors become one sentence on stderr and the exit code interfaces.md gives them. */
  private static int handleError(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof CliException c) {
      System.err.println(c.getMessage());
      return c.exitCode();
    }
    EncryptionKeyException key = keyFailure(e);
    if (key != null) {
      // Never the ciphertext, never a stack trace: which key is missing and how to give it.
      System.err.println(key.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof InvalidPipelineException invalid) {
      invalid.problems().forEach(p -> System.err.println(p));
      return ExitCodes.USAGE;
    }
    if (e instanceof InvalidStorageSettingsException s) {
      System.err.println("Storage settings: " + s.getMessage());
      return ExitCodes.USAGE;
    }
    StorageException stored = storageFailure(e);
    if (stored != null) {
      System.err.println("skein: " + stored.getMessage());
      return ExitCodes.RUN_FAILED;
    }
    if (e instanceof UnreachableServiceException u) {
      System.err.println(u.getMessage());
      return ExitCodes.UNREACHABLE;
    }
    if (e instanceof SkeinException s) {
      System.err.println(s.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof NoSuchFileException f) {
      System.err.println("No such file: " + f.getFile());
      return ExitCodes.USAGE;
    }
    if (InternalFailure.errorIn(e).isPresent()) {
      return internalError(e); // wrapped by a future or the SDK; no sentence would be true
    }
    if (System.getenv("SKEIN_DEBUG") != null) {
      e.printStackTrace();
    }
    StatusRuntimeException status = grpcFailure(e);
    if (status != null) {
      Status.Code code = status.getStatus().getCode();
      String why = Optional.ofNullable(status.getStatus().getDescription()).orElse("");
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        System.err.println(
            "The Temporal service did not answer" + (why.isEmpty() ? "" : " (" + why + ")") + ".");
        return ExitCodes.UNREACHABLE;
      }
      System.err.println(
          "The Temporal service refused the request: "
              + (why.isEmpty() ? code.name().toLowerCase(java.util.Locale.ROOT) : why)
              + ".");
      return ExitCodes.USAGE;
    }
    if (e instanceof Bounded.NoAnswer) {
      System.err.println("The Temporal service did not answer in time.");
      return ExitCodes.UNREACHABLE;
    }
    // Never a class name or a stack trace: the deepest message, as a sentence.
    System.err.println("skein: " + sentence(e) + " (set SKEIN_DEBUG=1 for details)");
    return ExitCodes.USAGE;
  }

  private static StatusRuntimeException grpcFailure(Throwable e) {
    return Causes.first(e, StatusRuntimeException.class);
  }

  /** The most specific message in the chain, without the Java class names the SDK puts in. */
  static String sentence(Throwable e) {
    String message = null;
    for (Throwable t : Causes.of(e)) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    String cleaned =
        message == null
            ? ""
            : message.replaceAll("(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*:?\\s*", "").strip();
    return cleaned.isEmpty() ? "the command failed unexpectedly" : cleaned;
  }

  /** A payload this process has no key for, however deep the SDK wrapped the codec's failure. */
  private static EncryptionKeyException keyFailure(Throwable e) {
    return Causes.first(e, EncryptionKeyException.class);
  }

  /** A store's failure, however deep the SDK wrapped it: its message names the store and key. */
  private static StorageException storageFailure(Throwable e) {
    return Causes.first(e, StorageException.class);
  }

  /** Logback reads these properties when it starts, at the first logger. */
  private static void configureLogging(String[] args) {
    boolean server = args.length > 0 && SERVER_COMMANDS.contains(args[0]);
    if (System.getProperty("skein.log.level") == null) {
      System.setProperty("skein.log.level", server ? "INFO" : "WARN");
    }
    if (System.getProperty("skein.temporal.log.level") == null) {
      System.setProperty("skein.temporal.log.level", server ? "WARN" : "ERROR");
    }
  }

  /** The version from the jar manifest when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SkeinMain.class.getPackage().getImplementationVersion();
      return new String[] {"skein " + (v == null ? "(development build)" : v)};
    }
  }
}
