package dev.skein.agents.policy;

import dev.skein.model.AgentConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a worker's operator lets pipelines have: which of the worker's environment variables agents
 * may use, where HTTP agents may send them, and which programs command agents may run.
 *
 * <p>A pipeline is written by whoever can start workflows on the namespace; the worker's secrets
 * belong to whoever runs the worker. Without a grant a variable stays on the worker: a command
 * agent cannot receive it through {@code pass_env} and an HTTP agent cannot send it through {@code
 * api_key_env}. Programs are not restricted unless {@code --allow-command} names some.
 *
 * @param trustAll trust pipelines fully (the embedded {@code skein run}: the user's own pipeline in
 *     the user's own environment)
 * @param secrets the {@code --allow-secret} grants
 * @param commands the {@code --allow-command} programs; empty: any program may run
 */
public record AgentPolicy(boolean trustAll, List<SecretGrant> secrets, List<String> commands) {

  public AgentPolicy {
    secrets = List.copyOf(new LinkedHashSet<>(secrets));
    commands = List.copyOf(new LinkedHashSet<>(commands));
  }

  /** A plain {@code skein worker}: no secret leaves the worker, any program may run. */
  public static AgentPolicy defaults() {
    return new AgentPolicy(false, List.of(), List.of());
  }

  /** Pipelines get whatever they ask for. */
  public static AgentPolicy allowAny() {
    return new AgentPolicy(true, List.of(), List.of());
  }

  /**
   * From the flags' values.
   *
   * @throws IllegalArgumentException when a grant is malformed
   */
  public static AgentPolicy of(boolean allowAny, List<String> secrets, List<String> commands) {
    for (String command : commands) {
      if (command == null || command.isBlank()) {
        throw new IllegalArgumentException("--allow-command needs a program name or path");
      }
    }
    return new AgentPolicy(allowAny, secrets.stream().map(SecretGrant::parse).toList(), commands);
  }

  /** Both policies' grants together. */
  public AgentPolicy and(AgentPolicy other) {
    List<SecretGrant> s = new ArrayList<>(secrets);
    s.addAll(other.secrets);
    List<String> c = new ArrayList<>(commands);
    c.addAll(other.commands);
    return new AgentPolicy(trustAll || other.trustAll, s, c);
  }

  /** The first thing this policy refuses the agent, as a sentence; empty when it may run. */
  public Optional<String> refusal(AgentConfig agent) {
    List<String> all = refusals(agent);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** Everything this policy refuses the agent, one sentence each. */
  public List<String> refusals(AgentConfig agent) {
    List<String> refused = new ArrayList<>();
    if (trustAll || agent == null || agent.kind() == null) {
      return refused;
    }
    if (AgentConfig.COMMAND.equals(agent.kind())) {
      commandRefusal(agent).ifPresent(refused::add);
      if (agent.passEnv() != null) {
        for (String name : agent.passEnv()) {
          if (secrets.stream().noneMatch(g -> g.allowsAnyUse(name))) {
            refused.add(
                "this worker does not let agents use its variable "
                    + name
                    + " (pass_env); the worker's operator can allow it with --allow-secret "
                    + name
                    + ".");
          }
        }
      }
    } else if (AgentConfig.OPENAI.equals(agent.kind())) {
      hostRefusal(agent).ifPresent(refused::add);
    }
    return refused;
  }

  /** What an agent start is about, for the worker's log: program or host, and secret names. */
  public static String describe(AgentConfig agent) {
    if (agent == null || agent.kind() == null) {
      return "unknown agent";
    }
    if (AgentConfig.COMMAND.equals(agent.kind())) {
      String program =
          agent.command() == null || agent.command().isEmpty() ? "?" : agent.command().get(0);
      String resolved = resolveProgram(program, agent.workdir()).map(Path::toString).orElse("?");
      List<String> names = agent.passEnv() == null ? List.of() : agent.passEnv();
      return "program "
          + (resolved.equals(program) ? program : program + " (" + resolved + ")")
          + ", secrets passed: "
          + (names.isEmpty() ? "none" : String.join(", ", names));
    }
    if (AgentConfig.OPENAI.equals(agent.kind())) {
      String key =
          agent.apiKeyEnv() == null || agent.apiKeyEnv().isBlank() ? null : agent.apiKeyEnv();
      return "host "
          + endpoint(agent.baseUrl()).map(Endpoint::toString).orElse("?")
          + ", secrets passed: "
          + (key == null ? "none" : key);
    }
    return "built-in agent " + agent.kind() + ", secrets passed: none";
  }

  private Optional<String> commandRefusal(AgentConfig agent) {
    if (commands.isEmpty() || agent.command() == null || agent.command().isEmpty()) {
      return Optional.empty();
    }
    String program = agent.command().get(0);
    Optional<Path> resolved = resolveProgram(program, agent.workdir());
    if (resolved.isPresent()) {
      for (String allowed : commands) {
        if (resolveProgram(allowed, null).filter(resolved.get()::equals).isPresent()) {
          return Optional.empty();
        }
      }
    }
    String what = resolved.map(p -> p.toString()).orElse(program + " (not found on this worker)");
    return Optional.of(
        "this worker does not let command agents run "
            + what
            + "; the worker's operator can allow it with --allow-command "
            + resolved.map(Path::toString).orElse(program)
            + ".");
  }

  private Optional<String> hostRefusal(AgentConfig agent) {
    String name = agent.apiKeyEnv();
    if (name == null || name.isBlank()) {
      return Optional.empty(); // no secret leaves the worker
    }
    if (secrets.stream().anyMatch(g -> g.allowsAnyUse(name))) {
      return Optional.empty();
    }
    Optional<Endpoint> endpoint = endpoint(agent.baseUrl());
    if (endpoint.isPresent()
        && secrets.stream()
            .anyMatch(g -> g.allowsHost(name, endpoint.get().host(), endpoint.get().port()))) {
      return Optional.empty();
    }
    String where = endpoint.map(Endpoint::toString).orElse("'" + agent.baseUrl() + "'");
    String grant = endpoint.map(e -> name + "@" + e.grantHost()).orElse(name);
    return Optional.of(
        "this worker does not let agents send its variable "
            + name
            + " (api_key_env) to "
            + where
            + "; the worker's operator can allow it with --allow-secret "
            + grant
            + ".");
  }

  /** Host and port a base URL sends to. */
  record Endpoint(String host, int port) {
    String grantHost() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
      return grantHost();
    }
  }

  static Optional<Endpoint> endpoint(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(baseUrl.trim());
      String host = uri.getHost();
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return Optional.empty();
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return Optional.of(new Endpoint(host.toLowerCase(Locale.ROOT), port));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The file a program name stands for, symlinks resolved: a name with a slash as a path (relative
   * to {@code workdir}, where the process starts), else the first executable of that name on the
   * worker's PATH, as the process is started.
   */
  public static Optional<Path> resolveProgram(String program, String workdir) {
    if (program == null || program.isBlank()) {
      return Optional.empty();
    }
    try {
      if (program.contains("/")) {
        Path path = Path.of(program);
        if (!path.isAbsolute() && workdir != null && !workdir.isBlank()) {
          path = Path.of(workdir).resolve(path);
        }
        return real(path);
      }
      String pathVar = System.getenv("PATH");
      if (pathVar == null) {
        return Optional.empty();
      }
      return Stream.of(pathVar.split(":"))
          .filter(dir -> !dir.isEmpty())
          .map(dir -> Path.of(dir, program))
          .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
          .findFirst()
          .flatMap(AgentPolicy::real);
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> real(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One line for the worker's start-up log. */
  public String summary() {
    if (trustAll) {
      return "allow any (pipelines get every secret they name and run any program)";
    }
    return "secrets "
        + (secrets.isEmpty()
            ? "none"
            : String.join(", ", secrets.stream().map(SecretGrant::toString).toList()))
        + "; programs "
        + (commands.isEmpty() ? "any" : String.join(", ", commands));
  }
}
