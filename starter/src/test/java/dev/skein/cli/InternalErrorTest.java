package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What reaches the top of skein with no sentence written for it, a Java {@link Error} above all, is
 * still one sentence and a documented exit code, never a stack trace. skein's own command line with
 * one command added that fails that way, run by the code {@code main} runs.
 */
class InternalErrorTest {

  @Command(name = "overflow")
  static final class Overflow implements Callable<Integer> {
    @Override
    public Integer call() {
      return deeper(0); // a real stack overflow
    }

    private static int deeper(int n) {
      return deeper(n + 1) + 1;
    }
  }

  @Command(name = "huge")
  static final class Huge implements Callable<Integer> {
    @Override
    public Integer call() {
      long[] tooBig = new long[Integer.MAX_VALUE]; // a real OutOfMemoryError, at no cost
      return tooBig.length;
    }
  }

  @Command(name = "missing-class")
  static final class MissingClass implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new NoClassDefFoundError("dev/skein/Missing");
    }
  }

  /** An error a future wrapped: the wrapper's message would hide it. */
  @Command(name = "wrapped")
  static final class Wrapped implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      throw new ExecutionException(new StackOverflowError());
    }
  }

  /** A failure whose message cannot be read: the failure handling itself fails. */
  @Command(name = "unspeakable")
  static final class Unspeakable implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new RuntimeException() {
        @Override
        public String getMessage() {
          throw new IllegalStateException("no words");
        }
      };
    }
  }

  /** A chain of causes that loops, which following blindly would never finish. */
  @Command(name = "looping")
  static final class Looping implements Callable<Integer> {
    @Override
    public Integer call() {
      IllegalStateException outer = new IllegalStateException("the outer failure");
      IllegalArgumentException inner = new IllegalArgumentException("the inner failure", outer);
      outer.initCause(inner);
      throw outer;
    }
  }

  @Test
  void aFailureWhoseCausesLoopIsStillASentence() {
    Cli.Result r = run("looping");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).as(r.toString()).contains("skein: the inner failure");
    assertThat(FailureMessagesTest.JAVA.matcher(r.out() + r.err()).find()).isFalse();
  }

  @Test
  void anErrorIsOneSentenceAndExitSeventy() {
    assertInternal(run("overflow"), "stack overflow");
    assertInternal(run("huge"), "out of memory (Requested array size exceeds VM limit)");
    assertInternal(run("missing-class"), "no class def found (dev/skein/Missing)");
    assertInternal(run("wrapped"), "stack overflow");
  }

  @Test
  void aFailureOfTheFailureHandlingIsOneSentenceToo() {
    assertInternal(run("unspeakable"), "illegal state (no words)");
  }

  private static void assertInternal(Cli.Result r, String what) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERNAL);
    assertThat(r.err())
        .as(r.toString())
        .isEqualTo(
            "skein: internal error: "
                + what
                + ". Run again with SKEIN_DEBUG=1 to print its stack trace, and report it.\n");
    assertThat(FailureMessagesTest.JAVA.matcher(r.out() + r.err()).find())
        .as("Java names or a stack trace in:\n" + r)
        .isFalse();
  }

  private static Cli.Result run(String command) {
    CommandLine skein =
        SkeinMain.commandLine()
            .addSubcommand(new Overflow())
            .addSubcommand(new Huge())
            .addSubcommand(new MissingClass())
            .addSubcommand(new Wrapped())
            .addSubcommand(new Unspeakable())
            .addSubcommand(new Looping());
    return Cli.captured(() -> SkeinMain.execute(skein, command));
  }
}
