package dev.skein.agents.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A worker policy in YAML, the same settings as the flags:
 *
 * <pre>{@code
 * allow_secrets:
 *   - ANTHROPIC_API_KEY                    # any use, command agents included
 *   - OPENAI_API_KEY@api.openai.com:443    # only sent there, by HTTP agents
 * allow_commands: [claude, /usr/local/bin/codex]
 * allow_any: false
 * }</pre>
 */
public final class PolicyFile {

  private static final Set<String> KEYS = Set.of("allow_secrets", "allow_commands", "allow_any");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyFile() {}

  /**
   * @throws IllegalArgumentException with a sentence naming the file and the problem
   */
  public static AgentPolicy read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the policy file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the policy file "
              + file
              + " is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return AgentPolicy.defaults();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("the policy file " + file + " must be a mapping");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new IllegalArgumentException(
            "the policy file " + file + " has an unknown key '" + name + "'; expected " + KEYS);
      }
    }
    JsonNode any = root.path("allow_any");
    if (!any.isMissingNode() && !any.isBoolean()) {
      throw new IllegalArgumentException(
          "allow_any in the policy file " + file + " must be true or false");
    }
    try {
      return AgentPolicy.of(
          any.asBoolean(false),
          strings(root, "allow_secrets", file),
          strings(root, "allow_commands", file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the policy file " + file + ": " + e.getMessage());
    }
  }

  private static List<String> strings(JsonNode root, String key, Path file) {
    JsonNode node = root.path(key);
    List<String> values = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(key + " in the policy file " + file + " must be a list");
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(
            key + " in the policy file " + file + " must be a list of strings");
      }
      values.add(item.asText());
    }
    return values;
  }
}
