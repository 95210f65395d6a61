package dev.skein.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's markdown stays inside the repository: every relative link (and its {@code
 * #anchor}, as GitHub makes them from headings) resolves, and nothing links to another site. Code
 * blocks and code spans are not links, so commands with {@code http://localhost} addresses in them
 * are fine.
 */
class MarkdownLinksTest {

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1[^\\n]*$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?s).+?\\1");
  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)]*)\\)");
  private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*(\\S+)");
  private static final Pattern EXTERNAL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s)>\"]*");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_TARGET = Pattern.compile("(?i)(?:href|src)=\"([^\"]*)\"");

  @Test
  void everyRelativeLinkResolvesAndNoneLeavesTheRepository() throws IOException {
    Path root = RepositoryFiles.root();
    List<Path> files = markdownFiles(root);
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path file : files) {
      String text = prose(Files.readString(file));
      String where = root.relativize(file).toString();
      Matcher external = EXTERNAL.matcher(text);
      while (external.find()) {
        broken.add(where + ": links outside the repository: " + external.group());
      }
      for (String target : targets(text)) {
        links++;
        problem(root, file, target).ifPresent(p -> broken.add(where + ": " + target + ": " + p));
      }
    }

    assertThat(files).as("markdown files found").hasSizeGreaterThanOrEqualTo(5);
    assertThat(links).as("links checked").isGreaterThan(20);
    assertThat(broken).as("broken or external links").isEmpty();
  }

  @Test
  void anchorsFollowGitHubsHeadingIds() {
    assertThat(
            anchors(
                "# Usage and cost\n## `progress` — the run as it stands\n## Real agents (`agents/`)\n## Usage and cost\n"))
        .containsExactly(
            "usage-and-cost",
            "progress--the-run-as-it-stands",
            "real-agents-agents",
            "usage-and-cost-1");
  }

  private static java.util.Optional<String> problem(Path root, Path file, String raw) {
    String target = raw.strip();
    if (target.startsWith("<") && target.endsWith(">")) {
      target = target.substring(1, target.length() - 1);
    }
    int space = target.indexOf(' ');
    if (space > 0) {
      target = target.substring(0, space); // a title follows
    }
    if (target.startsWith("mailto:") || target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return java.util.Optional.of("not a relative link");
    }
    int hash = target.indexOf('#');
    String path = hash >= 0 ? target.substring(0, hash) : target;
    String anchor = hash >= 0 ? target.substring(hash + 1) : null;
    Path resolved =
        path.isEmpty()
            ? file
            : (path.startsWith("/")
                    ? root.resolve(path.substring(1))
                    : file.getParent().resolve(path))
                .normalize();
    if (!resolved.startsWith(root)) {
      return java.util.Optional.of("points outside the repository");
    }
    if (!Files.exists(resolved)) {
      return java.util.Optional.of("no such file " + root.relativize(resolved));
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      try {
        if (!anchors(Files.readString(resolved)).contains(anchor)) {
          return java.util.Optional.of("no heading with the id '" + anchor + "'");
        }
      } catch (IOException e) {
        return java.util.Optional.of("cannot read: " + e.getMessage());
      }
    }
    return java.util.Optional.empty();
  }

  private static List<String> targets(String prose) {
    List<String> targets = new ArrayList<>();
    for (Pattern p : List.of(INLINE_LINK, REFERENCE, HTML_TARGET)) {
      Matcher m = p.matcher(prose);
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** The ids GitHub gives the headings: lowercased, punctuation dropped, spaces as hyphens. */
  static List<String> anchors(String markdown) {
    List<String> ids = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (m.find()) {
      String base =
          m.group(1)
              .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1")
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(base, 1, Integer::sum);
      ids.add(n == 1 ? base : base + "-" + (n - 1));
    }
    return ids;
  }

  /** The text with code blocks and code spans removed: what a reader sees as prose and links. */
  private static String prose(String markdown) {
    String withoutBlocks = FENCE.matcher(markdown).replaceAll("");
    return CODE_SPAN.matcher(withoutBlocks).replaceAll("code");
  }

  /** Markdown files of the repository, without build output, installed packages or dot folders. */
  private static List<Path> markdownFiles(Path root) throws IOException {
    Set<String> skipped = Set.of("target", "node_modules");
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".md"))
          .filter(
              p -> {
                for (Path part : root.relativize(p)) {
                  String name = part.toString();
                  if (skipped.contains(name) || name.startsWith(".")) {
                    return false;
                  }
                }
                return true;
              })
          .sorted()
          .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }
  }
}
