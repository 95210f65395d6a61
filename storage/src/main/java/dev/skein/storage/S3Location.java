package dev.skein.storage;

import java.net.URI;
import java.util.Optional;

/**
 * Where the S3 driver keeps payloads: a bucket, a key prefix inside it, and for S3-compatible
 * servers (MinIO, Ceph, R2, ...) their endpoint. Credentials are not part of it: the driver takes
 * them from the AWS SDK's default chain, so they never reach settings, messages or history.
 *
 * @param bucket the bucket, which must exist
 * @param prefix keys start with it; empty, or ending in {@code /}
 * @param endpoint an S3-compatible server's URL; empty for AWS itself
 * @param region the signing region; empty means the AWS SDK's default chain ({@code AWS_REGION},
 *     the profile), or {@code us-east-1} when an endpoint is set
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}, which
 *     most S3-compatible servers need
 */
public record S3Location(
    String bucket,
    String prefix,
    Optional<URI> endpoint,
    Optional<String> region,
    boolean pathStyle) {

  /** Signs requests to S3-compatible servers when no region is configured; they ignore it. */
  public static final String COMPATIBLE_DEFAULT_REGION = "us-east-1";

  public S3Location {
    if (bucket == null || bucket.isBlank() || bucket.contains("/") || bucket.contains(" ")) {
      throw new InvalidStorageSettingsException(
          "'" + bucket + "' is not a bucket name (expected a name such as skein-payloads).");
    }
    prefix = normalizePrefix(prefix);
    endpoint = endpoint == null ? Optional.empty() : endpoint;
    region = region == null ? Optional.empty() : region.filter(r -> !r.isBlank());
  }

  /** AWS S3 itself, virtual-hosted-style, with the region from the AWS SDK's chain. */
  public static S3Location aws(String bucket, String prefix) {
    return new S3Location(bucket, prefix, Optional.empty(), Optional.empty(), false);
  }

  /** An S3-compatible server at {@code endpoint}, path-style. */
  public static S3Location compatible(String bucket, String prefix, URI endpoint) {
    return new S3Location(bucket, prefix, Optional.of(endpoint), Optional.empty(), true);
  }

  /** {@code s3://bucket/prefix}, and the endpoint when there is one: how messages name it. */
  public String describe() {
    String path = prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1);
    return "s3://" + bucket + path + endpoint.map(e -> " at " + e).orElse("");
  }

  /** The region requests are signed for, when one is known without asking the AWS SDK. */
  public Optional<String> effectiveRegion() {
    return region.or(() -> endpoint.map(e -> COMPATIBLE_DEFAULT_REGION));
  }

  static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      return "";
    }
    for (String segment : p.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new InvalidStorageSettingsException(
            "the S3 prefix '" + prefix + "' has a '" + segment + "' segment.");
      }
    }
    return p.endsWith("/") ? p : p + "/";
  }
}
