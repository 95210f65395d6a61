package dev.skein.agents.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One {@code --allow-secret}: the worker variable {@code name}, for any use ({@code NAME}) or only
 * to be sent by HTTP agents to one host, and optionally one port ({@code NAME@HOST[:PORT]}).
 *
 * @param name the environment variable
 * @param host empty: any use, command agents included; else the only host it may be sent to
 * @param port empty: any port of {@code host}
 */
public record SecretGrant(String name, Optional<String> host, OptionalInt port) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public SecretGrant {
    host = host.map(h -> h.toLowerCase(Locale.ROOT));
  }

  /**
   * Parses {@code NAME}, {@code NAME@HOST} or {@code NAME@HOST:PORT}; an IPv6 host goes in brackets
   * ({@code NAME@[::1]:8080}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static SecretGrant parse(String text) {
    String t = text == null ? "" : text.trim();
    int at = t.indexOf('@');
    String name = at < 0 ? t : t.substring(0, at);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not NAME or NAME@HOST[:PORT] (NAME is an environment variable)");
    }
    if (at < 0) {
      return new SecretGrant(name, Optional.empty(), OptionalInt.empty());
    }
    String hostPort = t.substring(at + 1);
    String host = hostPort;
    OptionalInt port = OptionalInt.empty();
    int colon = hostPort.lastIndexOf(':');
    int bracket = hostPort.lastIndexOf(']');
    if (colon > bracket && colon > 0) {
      host = hostPort.substring(0, colon);
      String p = hostPort.substring(colon + 1);
      if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
        throw new IllegalArgumentException("'" + text + "' has no valid port after the host");
      }
      port = OptionalInt.of(Integer.parseInt(p));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isBlank() || host.contains("/") || host.contains("@")) {
      throw new IllegalArgumentException("'" + text + "' has no valid host after '@'");
    }
    return new SecretGrant(name, Optional.of(host), port);
  }

  /** True when this grant lets {@code name} be sent to {@code host}:{@code port}. */
  public boolean allowsHost(String name, String host, int port) {
    return this.name.equals(name)
        && (this.host.isEmpty()
            || (this.host.get().equals(host.toLowerCase(Locale.ROOT))
                && (this.port.isEmpty() || this.port.getAsInt() == port)));
  }

  /** True when this grant lets {@code name} be handed to a program (command agents). */
  public boolean allowsAnyUse(String name) {
    return this.name.equals(name) && host.isEmpty();
  }

  @Override
  public String toString() {
    return name
        + host.map(h -> "@" + (h.contains(":") ? "[" + h + "]" : h)).orElse("")
        + (port.isPresent() ? ":" + port.getAsInt() : "");
  }
}
