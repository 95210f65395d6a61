package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What {@code --help} and the README's command table tell a user, against the commands. */
class CommandHelpTest {

  private static final Path README = Path.of("..", "README.md").toAbsolutePath().normalize();

  /** Options every command has, documented once under the table rather than in every row. */
  private static boolean shared(OptionSpec o) {
    return o.usageHelp()
        || o.versionHelp()
        || ConnectionOptions.class.equals(declaringMixin(o))
        || StorageOptions.class.equals(declaringMixin(o))
        || EncryptionOptions.class.equals(declaringMixin(o));
  }

  private static Class<?> declaringMixin(OptionSpec o) {
    Object user = o.userObject();
    return user instanceof java.lang.reflect.Field f ? f.getDeclaringClass() : null;
  }

  @Test
  void theReadmeTableListsEveryOptionOfEveryCommand() throws Exception {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : SkeinMain.commandLine().getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      String row =
          readme
              .lines()
              .filter(
                  l ->
                      l.startsWith("| `skein " + sub.getKey() + " ")
                          || l.startsWith("| `skein " + sub.getKey() + "`"))
              .findFirst()
              .orElse("");
      if (row.isEmpty()) {
        missing.add(sub.getKey() + " (no row)");
        continue;
      }
      for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
        if (shared(o)) {
          continue;
        }
        boolean listed = false;
        for (String name : o.names()) {
          listed |=
              row.matches(
                  ".*[\\s\\[`|(]" + java.util.regex.Pattern.quote(name) + "[\\s\\]`|=\\\\].*");
        }
        if (!listed) {
          missing.add(sub.getKey() + " " + String.join("/", o.names()));
        }
      }
    }
    assertThat(missing).as("options the README's command table does not list").isEmpty();
  }

  @Test
  void statusHelpDescribesWhatStatusPrints() {
    String help =
        SkeinMain.commandLine()
            .getSubcommands()
            .get("status")
            .getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help)
        .contains("header line")
        .contains("one row per step")
        .contains("error")
        .contains("--json")
        .contains("does not wait");
  }
}
