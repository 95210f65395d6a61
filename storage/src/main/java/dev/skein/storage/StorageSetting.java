package dev.skein.storage;

/**
 * One storage setting and its three spellings: the flag, the environment variable and the key of
 * the {@code [storage]} table of {@code skein.toml}. The flag wins over the variable, which wins
 * over the file.
 */
public enum StorageSetting {
  TYPE("--storage", "SKEIN_STORAGE", "type"),
  DIR("--storage-dir", "SKEIN_STORAGE_DIR", "dir"),
  THRESHOLD("--storage-threshold", "SKEIN_STORAGE_THRESHOLD", "threshold"),
  INLINE_OUTPUT_LIMIT("--inline-output-limit", "SKEIN_INLINE_OUTPUT_LIMIT", "inline_output_limit"),
  S3_BUCKET("--s3-bucket", "SKEIN_S3_BUCKET", "s3_bucket"),
  S3_PREFIX("--s3-prefix", "SKEIN_S3_PREFIX", "s3_prefix"),
  S3_ENDPOINT("--s3-endpoint", "SKEIN_S3_ENDPOINT", "s3_endpoint"),
  S3_REGION("--s3-region", "SKEIN_S3_REGION", "s3_region"),
  S3_PATH_STYLE("--s3-path-style", "SKEIN_S3_PATH_STYLE", "s3_path_style");

  private final String flag;
  private final String variable;
  private final String fileKey;

  StorageSetting(String flag, String variable, String fileKey) {
    this.flag = flag;
    this.variable = variable;
    this.fileKey = fileKey;
  }

  public String flag() {
    return flag;
  }

  public String variable() {
    return variable;
  }

  /** The key in the {@code [storage]} table. */
  public String fileKey() {
    return fileKey;
  }

  /** The setting whose flag is {@code flag}, if any. */
  public static java.util.Optional<StorageSetting> ofFlag(String flag) {
    for (StorageSetting s : values()) {
      if (s.flag.equals(flag)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }
}
