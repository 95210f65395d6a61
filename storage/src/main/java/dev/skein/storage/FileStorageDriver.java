package dev.skein.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.storage.StorageDriverClaim;
import io.temporal.payload.storage.StorageDriverRetrieveContext;
import io.temporal.payload.storage.StorageDriverStoreContext;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Payloads as files under one directory: the default for the embedded service and for workers that
 * share one host (or one network filesystem). Each payload is written once, atomically (a temporary
 * file renamed into place), at a content-addressed key; a read checks the digest.
 */
public final class FileStorageDriver implements SkeinStorageDriver {

  public static final String TYPE = "fs";
  public static final String DEFAULT_NAME = "skein-fs";

  static final String PATH = "path";
  static final String SHA256 = "sha256";

  private final String name;
  private final Path root;

  public FileStorageDriver(String name, Path root) {
    this.name = name;
    this.root = root.toAbsolutePath().normalize();
  }

  public FileStorageDriver(Path root) {
    this(DEFAULT_NAME, root);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  public Path root() {
    return root;
  }

  /** {@code fs:/the/root}, as messages name this store. */
  @Override
  public String describe() {
    return TYPE + ":" + root;
  }

  /** The root exists (it is created if need be) and this process may write to it. */
  @Override
  public void check() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new StorageException(describe(), null, "cannot create the directory: " + e, e);
    }
    if (!Files.isWritable(root)) {
      throw new StorageException(describe(), null, "this process cannot write to the directory");
    }
  }

  @Override
  public String toString() {
    return "FileStorageDriver[" + name + ", " + describe() + "]";
  }

  @Override
  public CompletableFuture<List<StorageDriverClaim>> store(
      StorageDriverStoreContext context, List<Payload> payloads) {
    try {
      List<StorageDriverClaim> claims = new ArrayList<>(payloads.size());
      for (Payload payload : payloads) {
        claims.add(storeOne(context, payload));
      }
      return CompletableFuture.completedFuture(claims);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private StorageDriverClaim storeOne(StorageDriverStoreContext context, Payload payload) {
    byte[] bytes = payload.toByteArray();
    String sha = StorageKeys.sha256(bytes);
    String key = StorageKeys.keyFor(context.getTarget(), sha);
    Path file = resolve(key);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".incoming-", ".tmp");
        try {
          Files.write(temp, bytes);
          move(temp, file);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException e) {
      throw new StorageException(describe(), key, "cannot write the payload: " + e, e);
    }
    return new StorageDriverClaim(Map.of(PATH, key, SHA256, sha));
  }

  private static void move(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public CompletableFuture<List<Payload>> retrieve(
      StorageDriverRetrieveContext context, List<StorageDriverClaim> claims) {
    try {
      List<Payload> payloads = new ArrayList<>(claims.size());
      for (StorageDriverClaim claim : claims) {
        payloads.add(retrieveOne(claim));
      }
      return CompletableFuture.completedFuture(payloads);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Payload retrieveOne(StorageDriverClaim claim) {
    String key = claim.getClaimData().get(PATH);
    if (key == null) {
      throw new StorageException(describe(), "?", "the reference has no path: " + claim);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(resolve(key));
    } catch (NoSuchFileException e) {
      throw new StorageException(
          describe(),
          key,
          "the payload is not there; workers on several hosts need a shared store such as S3");
    } catch (IOException e) {
      throw new StorageException(describe(), key, "cannot read the payload: " + e, e);
    }
    String expected = claim.getClaimData().get(SHA256);
    if (expected != null && !expected.equals(StorageKeys.sha256(bytes))) {
      throw new StorageException(
          describe(), key, "the stored payload is corrupt (digest mismatch)");
    }
    try {
      return Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException(describe(), key, "the stored payload cannot be decoded", e);
    }
  }

  /** The file of {@code key}; a key that would leave the root (a forged claim) is refused. */
  private Path resolve(String key) {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new StorageException(describe(), key, "the key points outside the store");
    }
    return file;
  }
}
