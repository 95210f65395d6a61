package dev.skein.cli;

import dev.skein.storage.InvalidStorageSettingsException;
import dev.skein.storage.ResolvedStorage;
import dev.skein.storage.StorageSetting;
import dev.skein.storage.StorageSettings;
import picocli.CommandLine.Option;

/**
 * Where payloads and agent outputs too large for history are kept; the environment and the {@code
 * [storage]} table of skein.toml fill in the rest. Every worker and client of a namespace must use
 * the same store.
 */
final class StorageOptions {

  static final String HEADING =
      "%nStorage (payloads and outputs outside history; workers and clients must share it):%n";

  @Option(
      names = "--storage",
      paramLabel = "fs|s3|none",
      description = "Store for large payloads (env SKEIN_STORAGE; default: fs).")
  String type;

  @Option(
      names = "--storage-dir",
      paramLabel = "DIR",
      description =
          "fs directory (env SKEIN_STORAGE_DIR; default: skein/payloads in $XDG_DATA_HOME,"
              + " else in ~/.local/share).")
  String dir;

  @Option(
      names = "--storage-threshold",
      paramLabel = "SIZE",
      description =
          "Payloads above it leave history (env SKEIN_STORAGE_THRESHOLD; default: 256KiB).")
  String threshold;

  @Option(
      names = "--inline-output-limit",
      paramLabel = "SIZE",
      description =
          "Agent outputs above it are stored once and referenced (env SKEIN_INLINE_OUTPUT_LIMIT;"
              + " default: 16KiB).")
  String inlineOutputLimit;

  @Option(
      names = "--s3-bucket",
      paramLabel = "BUCKET",
      description = "S3 bucket (env SKEIN_S3_BUCKET).")
  String s3Bucket;

  @Option(
      names = "--s3-prefix",
      paramLabel = "PREFIX",
      description = "Key prefix in the bucket (env SKEIN_S3_PREFIX).")
  String s3Prefix;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3-compatible server, like http://localhost:9000 (env SKEIN_S3_ENDPOINT).")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      description = "Region (env SKEIN_S3_REGION, else AWS_REGION; us-east-1 with an endpoint).")
  String s3Region;

  @Option(
      names = "--s3-path-style",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description =
          "Path-style URLs (env SKEIN_S3_PATH_STYLE; default: true with --s3-endpoint)."
              + " Credentials come from the AWS chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, roles).")
  String s3PathStyle;

  StorageSettings settings() {
    StorageSettings.Builder b = StorageSettings.builder();
    set(b, StorageSetting.TYPE, type);
    set(b, StorageSetting.DIR, dir);
    set(b, StorageSetting.THRESHOLD, threshold);
    set(b, StorageSetting.INLINE_OUTPUT_LIMIT, inlineOutputLimit);
    set(b, StorageSetting.S3_BUCKET, s3Bucket);
    set(b, StorageSetting.S3_PREFIX, s3Prefix);
    set(b, StorageSetting.S3_ENDPOINT, s3Endpoint);
    set(b, StorageSetting.S3_REGION, s3Region);
    set(b, StorageSetting.S3_PATH_STYLE, s3PathStyle);
    return b.build();
  }

  private static void set(StorageSettings.Builder b, StorageSetting setting, String value) {
    if (value != null) {
      b.set(setting, value);
    }
  }

  /** Resolved, or a usage error (exit 2) with the sentence that says what is wrong. */
  ResolvedStorage resolve() {
    try {
      return settings().resolve();
    } catch (InvalidStorageSettingsException e) {
      throw usage(e);
    }
  }

  static CliException usage(InvalidStorageSettingsException e) {
    return CliException.usage("Storage settings: " + e.getMessage());
  }
}
