package dev.skein.agents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts agent programs in a session, and so a process group, of their own, through util-linux's
 * {@code setsid}. A terminal sends Ctrl-C's SIGINT to its whole foreground process group: in a
 * group of its own an agent is stopped only by Skein's cancellation (SIGTERM, the grace period,
 * SIGKILL of its tree), which decides how its record ends. {@code setsid} forks only when its
 * caller leads a process group, which a child of the JVM never does, so it execs the program in
 * place: the started process is the agent itself, with its pid, pipes and exit code.
 *
 * <p>Java cannot start a process in a new session itself, hence the wrapper. Without {@code setsid}
 * (not Linux, or a minimal image) agents start as before, in the worker's group.
 */
public final class OwnSession {

  private static final Logger log = LoggerFactory.getLogger(OwnSession.class);

  /** Where util-linux puts it on Debian and its derivatives, and on most other distributions. */
  private static final List<String> PLACES = List.of("/usr/bin/setsid", "/bin/setsid");

  /** The first words setsid writes to stderr when it cannot exec the program. */
  private static final String EXEC_FAILED = "setsid: failed to execute ";

  private static final Optional<Path> SETSID = find();

  private OwnSession() {}

  /** Whether agents start in a session of their own on this machine. */
  public static boolean available() {
    return SETSID.isPresent();
  }

  /**
   * The command line that starts {@code argv} in its own session, run from {@code workdir}. setsid
   * looks a bare program name up in the child's PATH, which a pipeline's {@code env} may set; the
   * program is resolved here instead, as {@link ProcessBuilder} does, against the worker's own
   * PATH, so the program run is the one a worker's policy checked.
   *
   * @throws IOException when there is no such program, as {@link ProcessBuilder#start()} would
   */
  public static List<String> command(List<String> argv, Path workdir) throws IOException {
    if (SETSID.isEmpty()) {
      return argv;
    }
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(SETSID.get().toString());
    command.add(program(argv.get(0), workdir).toString());
    command.addAll(argv.subList(1, argv.size()));
    return command;
  }

  /**
   * Why setsid could not exec the program, from the stderr of a process that exited with {@code
   * exit}: a shebang naming a missing interpreter passes every check before the exec.
   */
  public static Optional<String> execFailure(int exit, String stderr) {
    String text = stderr.strip();
    if (SETSID.isEmpty() || (exit != 126 && exit != 127) || !text.startsWith(EXEC_FAILED)) {
      return Optional.empty();
    }
    String line = text.lines().findFirst().orElse(text);
    int colon = line.lastIndexOf(": ");
    return Optional.of(colon < 0 ? line : line.substring(colon + 2));
  }

  /** The absolute path of the executable file {@code program} names. */
  private static Path program(String program, Path workdir) throws IOException {
    try {
      if (program.contains("/")) {
        Path path = workdir.resolve(program).toAbsolutePath();
        if (!Files.exists(path)) {
          throw new IOException("no such file");
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
          throw new IOException("not an executable file");
        }
        return path;
      }
      return onPath(program, System.getenv("PATH"))
          .orElseThrow(() -> new IOException("not found on the worker's PATH"));
    } catch (InvalidPathException e) {
      throw new IOException("not a valid file name");
    }
  }

  private static Optional<Path> onPath(String name, String pathVar) {
    if (pathVar == null) {
      return Optional.empty();
    }
    return Stream.of(pathVar.split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name).toAbsolutePath())
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  private static Optional<Path> find() {
    Optional<Path> found =
        PLACES.stream()
            .map(Path::of)
            .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
            .findFirst()
            .or(() -> onPath("setsid", System.getenv("PATH")));
    if (found.isEmpty()) {
      log.warn(
          "setsid (util-linux) is not installed: agents run in the worker's process group, so a"
              + " Ctrl-C in the worker's terminal reaches them as well as the worker");
    }
    return found;
  }
}
