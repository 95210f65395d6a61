package dev.skein.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Storage settings after flags, environment, file and defaults were merged: what {@link #open}
 * builds a {@link Storage} from. Every process that shares a namespace must resolve to the same
 * store and driver, since the references in history name the driver and its keys.
 *
 * @param kind fs, s3 or none
 * @param dir the fs directory; empty for s3 and none, and for a temporary directory
 * @param temporary fs in a fresh temporary directory, removed when the storage is closed or the
 *     process exits (embedded {@code skein run} with nothing configured)
 * @param threshold payloads above this many bytes leave history
 * @param inlineOutputLimit agent outputs above this many bytes are stored once and referenced
 * @param s3 the bucket, prefix and endpoint, for s3
 * @param configured whether a type or a directory was set anywhere (flag, variable or file) rather
 *     than defaulted
 */
public record ResolvedStorage(
    StorageKind kind,
    Optional<Path> dir,
    boolean temporary,
    int threshold,
    int inlineOutputLimit,
    Optional<S3Location> s3,
    boolean configured) {

  private static final String TEMPORARY = "a temporary directory, removed at exit";

  public ResolvedStorage {
    if (kind == StorageKind.FS && dir.isEmpty() && !temporary) {
      throw new IllegalArgumentException("fs storage needs a directory");
    }
    if (kind == StorageKind.S3 && s3.isEmpty()) {
      throw new IllegalArgumentException("s3 storage needs a location");
    }
  }

  /**
   * These settings, or fs in a temporary directory when nothing chose a store: an embedded run
   * keeps nothing after it ends unless it was told where to.
   */
  public ResolvedStorage orTemporary() {
    if (configured) {
      return this;
    }
    return new ResolvedStorage(
        StorageKind.FS,
        Optional.empty(),
        true,
        threshold,
        inlineOutputLimit,
        Optional.empty(),
        false);
  }

  /** The store as messages name it: {@code fs:/dir}, {@code s3://bucket/prefix}, {@code none}. */
  public String describe() {
    return switch (kind) {
      case FS -> temporary ? "fs:(" + TEMPORARY + ")" : "fs:" + dir.orElseThrow();
      case S3 -> s3.orElseThrow().describe();
      case NONE -> "none";
    };
  }

  /** {@link #describe()} with the two sizes, for start-up lines. */
  public String summary() {
    if (kind == StorageKind.NONE) {
      return "none (every payload stays in history)";
    }
    return describe()
        + " (payloads above "
        + size(threshold)
        + ", agent outputs above "
        + size(inlineOutputLimit)
        + ")";
  }

  /**
   * The flags that make another process resolve to this store (for the commands the dev server
   * prints): the location always, the sizes when they are not the defaults. Empty for a temporary
   * directory, which nothing else can share.
   */
  public List<String> flags() {
    List<String> flags = new ArrayList<>();
    switch (kind) {
      case FS -> {
        if (temporary) {
          return List.of();
        }
        flags.add(StorageSetting.DIR.flag());
        flags.add(quote(dir.orElseThrow().toString()));
      }
      case S3 -> {
        S3Location l = s3.orElseThrow();
        add(flags, StorageSetting.TYPE, kind.label());
        add(flags, StorageSetting.S3_BUCKET, l.bucket());
        if (!l.prefix().isEmpty()) {
          add(flags, StorageSetting.S3_PREFIX, l.prefix());
        }
        l.endpoint().ifPresent(e -> add(flags, StorageSetting.S3_ENDPOINT, e.toString()));
        l.region().ifPresent(r -> add(flags, StorageSetting.S3_REGION, r));
        if (l.pathStyle() != l.endpoint().isPresent()) {
          flags.add(StorageSetting.S3_PATH_STYLE.flag() + "=" + l.pathStyle());
        }
      }
      case NONE -> add(flags, StorageSetting.TYPE, kind.label());
    }
    if (kind != StorageKind.NONE) {
      if (threshold != Storage.DEFAULT_THRESHOLD) {
        add(flags, StorageSetting.THRESHOLD, size(threshold));
      }
      if (inlineOutputLimit != OutputStore.DEFAULT_INLINE_LIMIT) {
        add(flags, StorageSetting.INLINE_OUTPUT_LIMIT, size(inlineOutputLimit));
      }
    }
    return flags;
  }

  /**
   * The store, or empty for {@code none}. The caller closes it.
   *
   * @throws InvalidStorageSettingsException when S3 has no region and the AWS SDK finds none
   * @throws UncheckedIOException when a temporary directory cannot be made
   */
  public Optional<Storage> open() {
    return switch (kind) {
      case NONE -> Optional.empty();
      case FS -> Optional.of(temporary ? openTemporary() : files(dir.orElseThrow(), () -> {}));
      case S3 -> {
        S3StorageDriver driver = new S3StorageDriver(s3.orElseThrow());
        yield Optional.of(new Storage(driver, driver.describe(), threshold, inlineOutputLimit));
      }
    };
  }

  private Storage openTemporary() {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("skein-payloads-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary payload directory", e);
    }
    return files(tmp, TemporaryDirectory.removedAtExit(tmp));
  }

  private Storage files(Path root, AutoCloseable owned) {
    FileStorageDriver driver = new FileStorageDriver(root);
    return new Storage(driver, driver.describe(), threshold, inlineOutputLimit, owned);
  }

  private static void add(List<String> flags, StorageSetting setting, String value) {
    flags.add(setting.flag());
    flags.add(quote(value));
  }

  private static String quote(String value) {
    return value.matches("[A-Za-z0-9_./:@=+,-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code 256KiB}, {@code 1MiB}, {@code 1000}: a form {@code ByteSizes} parses back. */
  static String size(long bytes) {
    if (bytes > 0 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + "MiB";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "KiB";
    }
    return Long.toString(bytes);
  }
}
