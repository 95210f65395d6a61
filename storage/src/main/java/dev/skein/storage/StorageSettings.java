package dev.skein.storage;

import dev.skein.model.ByteSizes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where payloads and agent outputs too large for history are kept, as the caller gave it. Every
 * value is optional: {@link #resolve} fills in the rest from the environment ({@code
 * SKEIN_STORAGE}, {@code SKEIN_S3_BUCKET}, ...), then from the {@code [storage]} table of {@code
 * skein.toml} ({@code SKEIN_CONFIG_FILE}, else {@code ~/.config/skein/skein.toml}), then the
 * defaults. A value set here wins over the environment, which wins over the file, as with {@code
 * ConnectionSettings}. {@link StorageSetting} lists each setting's flag, variable and file key.
 *
 * <pre>{@code
 * ResolvedStorage local = StorageSettings.fromEnvironment().resolve();
 * ResolvedStorage shared =
 *     StorageSettings.builder()
 *         .type(StorageKind.S3)
 *         .s3Bucket("skein-payloads")
 *         .s3Endpoint(URI.create("http://minio:9000"))
 *         .build()
 *         .resolve();
 * try (Storage storage = shared.open().orElseThrow()) { ... }
 * }</pre>
 *
 * <p>Values are kept as text until {@link #resolve}, so a bad one is reported with the flag,
 * variable or file key it came from.
 */
public record StorageSettings(
    Optional<String> type,
    Optional<String> dir,
    Optional<String> threshold,
    Optional<String> inlineOutputLimit,
    Optional<String> s3Bucket,
    Optional<String> s3Prefix,
    Optional<String> s3Endpoint,
    Optional<String> s3Region,
    Optional<String> s3PathStyle) {

  /** Nothing set here: only the environment, the file and the defaults decide. */
  public static StorageSettings fromEnvironment() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Applies the process environment and the configuration file it names. */
  public ResolvedStorage resolve() {
    return resolve(System.getenv());
  }

  /**
   * Applies {@code env} (in place of the process environment: {@code SKEIN_*}, {@code HOME}, {@code
   * XDG_DATA_HOME}, {@code XDG_CONFIG_HOME}) and the configuration file under these settings.
   *
   * @throws InvalidStorageSettingsException naming the setting and where it came from
   */
  public ResolvedStorage resolve(Map<String, String> env) {
    return new Resolution(env).resolve();
  }

  /** The values as given, but an endpoint's user part (a credential, refused by resolve) hidden. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("StorageSettings[");
    for (StorageSetting s : StorageSetting.values()) {
      given(s)
          .ifPresent(
              v ->
                  b.append(b.charAt(b.length() - 1) == '[' ? "" : ", ")
                      .append(s.fileKey())
                      .append('=')
                      .append(
                          s == StorageSetting.S3_ENDPOINT
                              ? v.replaceAll("//[^/@]*@", "//***@")
                              : v));
    }
    return b.append(']').toString();
  }

  Optional<String> given(StorageSetting setting) {
    return switch (setting) {
      case TYPE -> type;
      case DIR -> dir;
      case THRESHOLD -> threshold;
      case INLINE_OUTPUT_LIMIT -> inlineOutputLimit;
      case S3_BUCKET -> s3Bucket;
      case S3_PREFIX -> s3Prefix;
      case S3_ENDPOINT -> s3Endpoint;
      case S3_REGION -> s3Region;
      case S3_PATH_STYLE -> s3PathStyle;
    };
  }

  /** One setting's value and where it came from, for messages. */
  private record Value(String text, String source) {}

  /** Flags, then environment, then file, per setting. */
  private final class Resolution {
    private final Map<String, String> env;
    private final StorageConfigFile file;

    Resolution(Map<String, String> env) {
      this.env = env;
      this.file = StorageConfigFile.load(env);
    }

    Optional<Value> value(StorageSetting s) {
      Optional<String> flag = given(s).filter(v -> !v.isBlank());
      if (flag.isPresent()) {
        return Optional.of(new Value(flag.get().strip(), s.flag()));
      }
      String variable = env.get(s.variable());
      if (variable != null && !variable.isBlank()) {
        return Optional.of(new Value(variable.strip(), s.variable()));
      }
      return file.get(s).filter(v -> !v.isBlank()).map(v -> new Value(v.strip(), file.source(s)));
    }

    ResolvedStorage resolve() {
      Optional<Value> type = value(StorageSetting.TYPE);
      Optional<Value> dir = value(StorageSetting.DIR);
      StorageKind kind =
          type.map(v -> StorageKind.parse(v.text(), v.source())).orElse(StorageKind.FS);
      int threshold = size(StorageSetting.THRESHOLD, Storage.DEFAULT_THRESHOLD);
      int inlineLimit = size(StorageSetting.INLINE_OUTPUT_LIMIT, OutputStore.DEFAULT_INLINE_LIMIT);
      boolean configured = type.isPresent() || dir.isPresent();
      return switch (kind) {
        case FS ->
            new ResolvedStorage(
                kind,
                Optional.of(dir.map(v -> path(v.text())).orElseGet(() -> defaultDir(env))),
                false,
                threshold,
                inlineLimit,
                Optional.empty(),
                configured);
        case S3 ->
            new ResolvedStorage(
                kind, Optional.empty(), false, threshold, inlineLimit, Optional.of(s3()), true);
        case NONE ->
            new ResolvedStorage(
                kind, Optional.empty(), false, threshold, inlineLimit, Optional.empty(), true);
      };
    }

    private S3Location s3() {
      Value bucket =
          value(StorageSetting.S3_BUCKET)
              .orElseThrow(
                  () ->
                      new InvalidStorageSettingsException(
                          "S3 storage needs a bucket: set "
                              + StorageSetting.S3_BUCKET.flag()
                              + ", "
                              + StorageSetting.S3_BUCKET.variable()
                              + " or "
                              + file.source(StorageSetting.S3_BUCKET)
                              + "."));
      Optional<URI> endpoint = value(StorageSetting.S3_ENDPOINT).map(this::endpoint);
      boolean pathStyle =
          value(StorageSetting.S3_PATH_STYLE)
              .map(v -> bool(v))
              // S3-compatible servers mostly need path-style; AWS wants virtual-hosted-style.
              .orElse(endpoint.isPresent());
      Optional<Value> prefixValue = value(StorageSetting.S3_PREFIX);
      String prefix;
      try {
        prefix = S3Location.normalizePrefix(prefixValue.map(Value::text).orElse(""));
      } catch (InvalidStorageSettingsException e) {
        throw new InvalidStorageSettingsException(
            prefixValue.get().source() + ": " + e.getMessage());
      }
      try {
        return new S3Location(
            bucket.text(),
            prefix,
            endpoint,
            value(StorageSetting.S3_REGION).map(Value::text),
            pathStyle);
      } catch (InvalidStorageSettingsException e) {
        throw new InvalidStorageSettingsException(bucket.source() + ": " + e.getMessage());
      }
    }

    private int size(StorageSetting s, int fallback) {
      Optional<Value> v = value(s);
      if (v.isEmpty()) {
        return fallback;
      }
      long bytes;
      try {
        bytes = ByteSizes.parse(v.get().text());
      } catch (IllegalArgumentException e) {
        throw new InvalidStorageSettingsException(v.get().source() + ": " + e.getMessage() + ".");
      }
      if (bytes > Integer.MAX_VALUE) {
        throw new InvalidStorageSettingsException(
            v.get().source() + ": " + v.get().text() + " is too large (at most 2GiB).");
      }
      return (int) bytes;
    }

    private URI endpoint(Value v) {
      URI uri;
      try {
        uri = new URI(v.text());
      } catch (URISyntaxException e) {
        throw new InvalidStorageSettingsException(
            v.source() + ": not a URL (expected one like http://minio:9000).");
      }
      if (uri.getRawUserInfo() != null) {
        // Never echo it: the user part holds a credential.
        throw new InvalidStorageSettingsException(
            v.source()
                + ": the URL holds credentials; give them to the AWS chain instead"
                + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE).");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new InvalidStorageSettingsException(
            v.source()
                + ": '"
                + v.text()
                + "' is not an http or https URL (expected one like http://minio:9000).");
      }
      return uri;
    }

    private boolean bool(Value v) {
      return switch (v.text().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default ->
            throw new InvalidStorageSettingsException(
                v.source() + ": '" + v.text() + "' is not true or false.");
      };
    }

    private Path path(String text) {
      Path home = StorageConfigFile.home(env);
      if (text.equals("~")) {
        return home;
      }
      if (text.startsWith("~/")) {
        return home.resolve(text.substring(2));
      }
      return Path.of(text).toAbsolutePath().normalize();
    }
  }

  /** {@code $XDG_DATA_HOME/skein/payloads}, else {@code ~/.local/share/skein/payloads}. */
  static Path defaultDir(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    Path data =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg.strip())
            : StorageConfigFile.home(env).resolve(".local").resolve("share");
    return data.resolve("skein").resolve("payloads").toAbsolutePath().normalize();
  }

  /** Builds {@link StorageSettings}; every value is optional. */
  public static final class Builder {
    private String type;
    private String dir;
    private String threshold;
    private String inlineOutputLimit;
    private String s3Bucket;
    private String s3Prefix;
    private String s3Endpoint;
    private String s3Region;
    private String s3PathStyle;

    private Builder() {}

    /** Sets a setting by its {@link StorageSetting}, from text (a flag's value). */
    public Builder set(StorageSetting setting, String value) {
      switch (setting) {
        case TYPE -> type = value;
        case DIR -> dir = value;
        case THRESHOLD -> threshold = value;
        case INLINE_OUTPUT_LIMIT -> inlineOutputLimit = value;
        case S3_BUCKET -> s3Bucket = value;
        case S3_PREFIX -> s3Prefix = value;
        case S3_ENDPOINT -> s3Endpoint = value;
        case S3_REGION -> s3Region = value;
        case S3_PATH_STYLE -> s3PathStyle = value;
      }
      return this;
    }

    public Builder type(StorageKind kind) {
      return set(StorageSetting.TYPE, kind.label());
    }

    /** {@code fs}, {@code s3} or {@code none}. */
    public Builder type(String kind) {
      return set(StorageSetting.TYPE, kind);
    }

    /** The fs driver's directory. */
    public Builder dir(Path dir) {
      return set(StorageSetting.DIR, dir.toString());
    }

    /** Payloads above this many bytes leave history. */
    public Builder threshold(long bytes) {
      return set(StorageSetting.THRESHOLD, Long.toString(bytes));
    }

    /** Like {@code 256KiB}, as pipelines write sizes. */
    public Builder threshold(String size) {
      return set(StorageSetting.THRESHOLD, size);
    }

    /** Agent outputs above this many bytes are stored once and referenced. */
    public Builder inlineOutputLimit(long bytes) {
      return set(StorageSetting.INLINE_OUTPUT_LIMIT, Long.toString(bytes));
    }

    public Builder inlineOutputLimit(String size) {
      return set(StorageSetting.INLINE_OUTPUT_LIMIT, size);
    }

    public Builder s3Bucket(String bucket) {
      return set(StorageSetting.S3_BUCKET, bucket);
    }

    public Builder s3Prefix(String prefix) {
      return set(StorageSetting.S3_PREFIX, prefix);
    }

    /** An S3-compatible server, like {@code http://minio:9000}. */
    public Builder s3Endpoint(URI endpoint) {
      return set(StorageSetting.S3_ENDPOINT, endpoint.toString());
    }

    public Builder s3Endpoint(String endpoint) {
      return set(StorageSetting.S3_ENDPOINT, endpoint);
    }

    public Builder s3Region(String region) {
      return set(StorageSetting.S3_REGION, region);
    }

    public Builder s3PathStyle(boolean pathStyle) {
      return set(StorageSetting.S3_PATH_STYLE, Boolean.toString(pathStyle));
    }

    public StorageSettings build() {
      return new StorageSettings(
          Optional.ofNullable(type),
          Optional.ofNullable(dir),
          Optional.ofNullable(threshold),
          Optional.ofNullable(inlineOutputLimit),
          Optional.ofNullable(s3Bucket),
          Optional.ofNullable(s3Prefix),
          Optional.ofNullable(s3Endpoint),
          Optional.ofNullable(s3Region),
          Optional.ofNullable(s3PathStyle));
    }
  }
}
