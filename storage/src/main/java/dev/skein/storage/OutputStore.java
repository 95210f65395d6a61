package dev.skein.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.skein.run.OutputRef;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.sdk.v1.ExternalStorageReference;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.storage.StorageDriver;
import io.temporal.payload.storage.StorageDriverClaim;
import io.temporal.payload.storage.StorageDriverRetrieveContext;
import io.temporal.payload.storage.StorageDriverStoreContext;
import io.temporal.payload.storage.StorageDriverTargetInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Agent outputs kept outside history. The worker that ran an agent writes a large output here once,
 * through the same driver as the SDK's external storage and in the payload form the SDK itself
 * would store; history, records and results then carry only its {@link OutputRef}. Whoever needs
 * the text (an agent rendering a prompt, a client printing a result) reads it back here, and the
 * workflow gets it through {@link #referencePayload}, which the SDK resolves like any other stored
 * payload.
 */
public final class OutputStore {

  /** Outputs up to this many bytes stay inline in history; larger ones are stored. */
  public static final int DEFAULT_INLINE_LIMIT = 16 * 1024;

  static final int PREVIEW_CHARS = 200;
  private static final long CACHE_BYTES = 64L * 1024 * 1024;
  private static final long IO_TIMEOUT_SECONDS = 120;
  private static final String ENCODING = "encoding";
  private static final String MESSAGE_TYPE = "messageType";
  private static final String REFERENCE_ENCODING = "json/protobuf";

  private final StorageDriver driver;
  private final String store;
  private final int inlineLimit;
  private final DataConverter converter;
  private final TextCache cache = new TextCache(CACHE_BYTES);

  /**
   * @param store how messages name the store ({@code fs:/dir}, {@code s3://bucket/prefix})
   * @param converter the worker's data converter, so a stored output has the form (and, with a
   *     codec, the encryption) of every other payload
   */
  public OutputStore(StorageDriver driver, String store, int inlineLimit, DataConverter converter) {
    this.driver = driver;
    this.store = store;
    this.inlineLimit = inlineLimit;
    this.converter = converter;
  }

  public int inlineLimit() {
    return inlineLimit;
  }

  /** How messages name this store. */
  public String store() {
    return store;
  }

  /** Whether {@code text} is too large to stay inline. */
  public boolean shouldStore(String text) {
    // UTF-8 is at most 3 bytes per char of a Java string; count exactly only near the limit.
    return text != null
        && text.length() > inlineLimit / 3
        && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > inlineLimit;
  }

  /** Writes {@code text} once and returns its reference. */
  public OutputRef put(String text, StorageDriverTargetInfo target) {
    Payload payload =
        converter
            .toPayload(text)
            .orElseThrow(() -> new IllegalStateException("the data converter refused a string"));
    StorageDriverStoreContext context = () -> target;
    List<StorageDriverClaim> claims = await(driver.store(context, List.of(payload)), "?");
    Map<String, String> claim = claims.get(0).getClaimData();
    OutputRef ref =
        new OutputRef(
            driver.getName(),
            claim,
            payload.getSerializedSize(),
            claim.getOrDefault(FileStorageDriver.SHA256, null),
            preview(text));
    // Not cached on the way in: the first read checks that the store really holds it.
    return ref;
  }

  /** The text behind {@code ref}. */
  public String get(OutputRef ref) {
    String key = cacheKey(ref);
    String cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    if (!driver.getName().equals(ref.driver())) {
      throw new StorageException(
          store,
          ref.describe(),
          "the output was stored by driver '"
              + ref.driver()
              + "', but this process is configured with '"
              + driver.getName()
              + "'");
    }
    StorageDriverRetrieveContext context = new StorageDriverRetrieveContext() {};
    Payload payload =
        await(
                driver.retrieve(context, List.of(new StorageDriverClaim(ref.claim()))),
                ref.describe())
            .get(0);
    String text;
    try {
      text = converter.fromPayload(payload, String.class, String.class);
    } catch (RuntimeException e) {
      throw new StorageException(store, ref.describe(), "the stored output cannot be decoded", e);
    }
    cache.put(key, text);
    return text;
  }

  /**
   * The SDK's external-storage reference to the payload behind {@code ref}: returned from an
   * activity as a raw value, it reaches the workflow as the output itself, resolved by the worker,
   * while history keeps only the reference. Nothing is copied.
   */
  public static Payload referencePayload(OutputRef ref) {
    ExternalStorageReference reference =
        ExternalStorageReference.newBuilder()
            .setDriverName(ref.driver())
            .putAllClaimData(ref.claim())
            .build();
    String json;
    try {
      json = JsonFormat.printer().print(reference);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print an external storage reference", e);
    }
    return Payload.newBuilder()
        .putMetadata(ENCODING, ByteString.copyFromUtf8(REFERENCE_ENCODING))
        .putMetadata(
            MESSAGE_TYPE,
            ByteString.copyFromUtf8(ExternalStorageReference.getDescriptor().getFullName()))
        .setData(ByteString.copyFromUtf8(json))
        .addExternalPayloads(
            Payload.ExternalPayloadDetails.newBuilder().setSizeBytes(ref.sizeBytes()).build())
        .build();
  }

  static String preview(String text) {
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }

  private static String cacheKey(OutputRef ref) {
    return ref.driver() + "\u0000" + new java.util.TreeMap<>(ref.claim());
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> future, String key) {
    try {
      return future.get(IO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(store, key, "interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StorageException(
          store, key, "no answer within " + IO_TIMEOUT_SECONDS + " s from the store", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof StorageException s) {
        throw s;
      }
      throw new StorageException(store, key, String.valueOf(cause.getMessage()), cause);
    }
  }

  /** Recently read or written outputs, so a thousand prompts that embed one output read it once. */
  private static final class TextCache {
    private final long maxChars;
    private long chars;
    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>(16, 0.75f, true);

    TextCache(long maxBytes) {
      this.maxChars = maxBytes / 2;
    }

    synchronized String get(String key) {
      return entries.get(key);
    }

    synchronized void put(String key, String text) {
      if (text.length() > maxChars / 4) {
        return;
      }
      String old = entries.put(key, text);
      chars += text.length() - (old == null ? 0 : old.length());
      var it = entries.entrySet().iterator();
      while (chars > maxChars && it.hasNext()) {
        chars -= it.next().getValue().length();
        it.remove();
      }
    }
  }
}
