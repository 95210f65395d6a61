package dev.skein.storage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code [storage]} table of {@code skein.toml}: {@code SKEIN_CONFIG_FILE}, else {@code
 * $XDG_CONFIG_HOME/skein/skein.toml}, else {@code ~/.config/skein/skein.toml}. A file that is not
 * there is no error (as with {@code temporal.toml}); other tables are left to whoever reads them.
 */
final class StorageConfigFile {

  static final String VARIABLE = "SKEIN_CONFIG_FILE";
  static final String TABLE = "storage";

  private static final TomlMapper TOML = new TomlMapper();

  private final Path path;
  private final Map<StorageSetting, String> values;

  private StorageConfigFile(Path path, Map<StorageSetting, String> values) {
    this.path = path;
    this.values = values;
  }

  /** Where the file is looked for, given the environment. */
  static Path location(Map<String, String> env) {
    String named = env.get(VARIABLE);
    if (named != null && !named.isBlank()) {
      return Path.of(named.strip());
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isBlank() ? Path.of(xdg.strip()) : home(env).resolve(".config");
    return config.resolve("skein").resolve("skein.toml");
  }

  static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  /**
   * @throws InvalidStorageSettingsException when the file cannot be read or parsed, or its table
   *     has a key that is not a storage setting
   */
  static StorageConfigFile load(Map<String, String> env) {
    Path path = location(env);
    JsonNode root;
    try {
      root = TOML.readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      return new StorageConfigFile(path, Map.of());
    } catch (JacksonException e) {
      throw new InvalidStorageSettingsException(
          "Cannot parse " + path + ": " + e.getOriginalMessage() + ".");
    } catch (IOException e) {
      throw new InvalidStorageSettingsException("Cannot read " + path + ": " + e + ".");
    }
    JsonNode table = root == null ? null : root.get(TABLE);
    if (table == null || table.isNull()) {
      return new StorageConfigFile(path, Map.of());
    }
    if (!table.isObject()) {
      throw new InvalidStorageSettingsException(
          path + ": '" + TABLE + "' must be a table ([" + TABLE + "]).");
    }
    Map<StorageSetting, String> values = new EnumMap<>(StorageSetting.class);
    for (Map.Entry<String, JsonNode> field : table.properties()) {
      StorageSetting setting = byKey(field.getKey(), path);
      JsonNode value = field.getValue();
      if (!value.isValueNode()) {
        throw new InvalidStorageSettingsException(
            path + ": " + TABLE + "." + field.getKey() + " must be a string, number or boolean.");
      }
      values.put(setting, value.asText());
    }
    return new StorageConfigFile(path, values);
  }

  private static StorageSetting byKey(String key, Path path) {
    for (StorageSetting s : StorageSetting.values()) {
      if (s.fileKey().equals(key)) {
        return s;
      }
    }
    throw new InvalidStorageSettingsException(
        path
            + ": ["
            + TABLE
            + "] has no key '"
            + key
            + "' (expected "
            + Arrays.stream(StorageSetting.values())
                .map(StorageSetting::fileKey)
                .collect(Collectors.joining(", "))
            + ").");
  }

  Path path() {
    return path;
  }

  Optional<String> get(StorageSetting setting) {
    return Optional.ofNullable(values.get(setting));
  }

  /** How a message names the key: {@code threshold in [storage] of /home/me/.config/...}. */
  String source(StorageSetting setting) {
    return setting.fileKey() + " in [" + TABLE + "] of " + path;
  }
}
