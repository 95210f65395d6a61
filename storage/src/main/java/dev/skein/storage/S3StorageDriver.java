package dev.skein.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.storage.StorageDriverClaim;
import io.temporal.payload.storage.StorageDriverRetrieveContext;
import io.temporal.payload.storage.StorageDriverStoreContext;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Payloads as objects in an S3 bucket (AWS or any S3-compatible server): the store for workers on
 * several hosts. Keys are content-addressed, {@code <prefix><namespace>/<workflow id>/<sha256>}; an
 * object is written once (a payload already there is not uploaded again) and its digest is checked
 * when it is read. Claims are {@code {bucket, key, sha256}}.
 *
 * <p>Credentials come from the AWS SDK's default chain (system properties, {@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, web identity, {@code AWS_PROFILE} and {@code
 * ~/.aws}, container and instance roles) and are never held, printed or logged here. Every call has
 * a per-attempt and an overall timeout; the SDK retries transient errors within them. Every failure
 * is a {@link StorageException} naming {@code s3://bucket/prefix} and the key.
 */
public final class S3StorageDriver implements SkeinStorageDriver {

  public static final String TYPE = "s3";
  public static final String DEFAULT_NAME = "skein-s3";

  static final String BUCKET = "bucket";
  static final String KEY = "key";
  static final String SHA256 = "sha256";

  private static final Logger log = LoggerFactory.getLogger(S3StorageDriver.class);
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final String CHECK_KEY = ".skein-check/absent";
  private static final int IO_THREADS = 8;

  /**
   * How long the driver waits.
   *
   * @param connect to open a connection
   * @param attempt for one HTTP attempt (also the socket read timeout)
   * @param call for a whole call, retries included
   */
  public record Timeouts(Duration connect, Duration attempt, Duration call) {
    /**
     * A 2 MB payload has half a minute per attempt even on a slow link, and a call gives up well
     * before the SDK's own wait on a store ({@link OutputStore} waits two minutes).
     */
    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(100));
  }

  private final String name;
  private final S3Location location;
  private final String store;
  private final Timeouts timeouts;
  private final DefaultCredentialsProvider credentials;
  private final S3Client s3;
  private final ExecutorService io;

  /** The driver {@value #DEFAULT_NAME} with the default timeouts. */
  public S3StorageDriver(S3Location location) {
    this(DEFAULT_NAME, location, Timeouts.DEFAULTS);
  }

  /**
   * @throws InvalidStorageSettingsException when no region is configured and the AWS SDK finds none
   */
  public S3StorageDriver(String name, S3Location location, Timeouts timeouts) {
    this.name = name;
    this.location = location;
    this.store = location.describe();
    this.timeouts = timeouts;
    this.credentials = DefaultCredentialsProvider.builder().build();
    this.s3 = client(location, timeouts, credentials);
    this.io = ioThreads();
  }

  private static S3Client client(
      S3Location location, Timeouts timeouts, DefaultCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(timeouts.connect())
                    .socketTimeout(timeouts.attempt()))
            .credentialsProvider(credentials)
            .forcePathStyle(location.pathStyle())
            // The digest in every claim already guards the bytes; the SDK's default CRC trailers
            // (aws-chunked uploads) are refused by several S3-compatible servers.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(
                o -> o.apiCallTimeout(timeouts.call()).apiCallAttemptTimeout(timeouts.attempt()));
    location.endpoint().ifPresent(builder::endpointOverride);
    location.effectiveRegion().map(Region::of).ifPresent(builder::region);
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new InvalidStorageSettingsException(
          "No AWS region for "
              + location.describe()
              + ": set --s3-region, SKEIN_S3_REGION or AWS_REGION.");
    }
  }

  private static ExecutorService ioThreads() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            IO_THREADS,
            IO_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "skein-s3-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getType() {
    return TYPE;
  }

  public S3Location location() {
    return location;
  }

  @Override
  public String describe() {
    return store;
  }

  @Override
  public CompletableFuture<List<StorageDriverClaim>> store(
      StorageDriverStoreContext context, List<Payload> payloads) {
    List<CompletableFuture<StorageDriverClaim>> claims = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      claims.add(async(() -> storeOne(context, payload)));
    }
    return all(claims);
  }

  private StorageDriverClaim storeOne(StorageDriverStoreContext context, Payload payload) {
    byte[] bytes = payload.toByteArray();
    String sha = StorageKeys.sha256(bytes);
    String key = location.prefix() + StorageKeys.keyFor(context.getTarget(), sha);
    if (!exists(key)) {
      try {
        s3.putObject(
            r -> r.bucket(location.bucket()).key(key).contentType(CONTENT_TYPE),
            RequestBody.fromBytes(bytes));
      } catch (SdkException e) {
        throw failure(key, "cannot write the payload", e);
      }
      log.debug("stored {} bytes at {} in {}", bytes.length, key, store);
    }
    return new StorageDriverClaim(Map.of(BUCKET, location.bucket(), KEY, key, SHA256, sha));
  }

  /** Content-addressed: an object at the key already holds these bytes. */
  private boolean exists(String key) {
    try {
      s3.headObject(r -> r.bucket(location.bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return false; // HEAD has no body: a missing bucket shows up on the PUT that follows
      }
      throw failure(key, "cannot look for the payload", e);
    } catch (SdkException e) {
      throw failure(key, "cannot look for the payload", e);
    }
  }

  @Override
  public CompletableFuture<List<Payload>> retrieve(
      StorageDriverRetrieveContext context, List<StorageDriverClaim> claims) {
    List<CompletableFuture<Payload>> payloads = new ArrayList<>(claims.size());
    for (StorageDriverClaim claim : claims) {
      payloads.add(async(() -> retrieveOne(claim)));
    }
    return all(payloads);
  }

  private Payload retrieveOne(StorageDriverClaim claim) {
    Map<String, String> data = claim.getClaimData();
    String key = data.get(KEY);
    if (key == null) {
      throw new StorageException(store, "?", "the reference has no key: " + data.keySet());
    }
    String bucket = data.getOrDefault(BUCKET, location.bucket());
    if (!bucket.equals(location.bucket()) || !key.startsWith(location.prefix())) {
      // A forged or foreign reference must not make a worker read other objects it can reach.
      throw new StorageException(
          store,
          "s3://" + bucket + "/" + key,
          "the reference points outside this store; every worker and client must use the same"
              + " bucket and prefix");
    }
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      throw failure(key, "cannot read the payload", e);
    }
    String expected = data.get(SHA256);
    if (expected != null && !expected.equals(StorageKeys.sha256(bytes))) {
      throw new StorageException(store, key, "the stored payload is corrupt (digest mismatch)");
    }
    try {
      return Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException(store, key, "the stored payload cannot be decoded", e);
    }
  }

  /**
   * Reads a key that is never written: "no such key" means the endpoint answers, the bucket exists
   * and the credentials are accepted. "Access denied" is accepted too, since a policy that grants
   * only reads and writes under the prefix denies reads of missing keys.
   */
  @Override
  public void check() {
    String key = location.prefix() + CHECK_KEY;
    try {
      s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      return;
    } catch (AwsServiceException e) {
      if ("AccessDenied".equals(errorCode(e))) {
        log.warn(
            "{}: access denied to a missing key; assuming a policy scoped to the prefix", store);
        return;
      }
      throw failure(null, "the store is not usable", e);
    } catch (SdkException e) {
      throw failure(null, "the store is not usable", e);
    }
  }

  /** One sentence from the SDK's exception, without request details and never credentials. */
  private StorageException failure(String key, String doing, SdkException e) {
    return new StorageException(store, key, doing + ": " + explain(e), e);
  }

  private String explain(SdkException e) {
    if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(errorCode(e))) {
      return "the bucket '" + location.bucket() + "' does not exist";
    }
    if (e instanceof NoSuchKeyException) {
      return "the payload is not there (removed, for example by a lifecycle rule, or written to"
          + " another store)";
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "no answer from the endpoint within "
          + (e instanceof ApiCallTimeoutException ? timeouts.call() : timeouts.attempt()).toMillis()
          + " ms";
    }
    if (e instanceof AwsServiceException service) {
      String code = errorCode(e);
      if (service.statusCode() == 403
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return "access denied ("
            + (code == null ? "HTTP 403" : code)
            + "); check the AWS credentials this process finds (AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role) and their permissions on the bucket";
      }
      return "S3 answered HTTP " + service.statusCode() + (code == null ? "" : " " + code);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
          + " AWS_PROFILE, or run with an instance or container role)";
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof SocketTimeoutException) {
        return "cannot reach the endpoint (" + c.getClass().getSimpleName() + ")";
      }
    }
    return "the S3 client failed (" + e.getClass().getSimpleName() + ")";
  }

  private static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, io);
  }

  /** Every result in order, or the first failure itself (not wrapped in a CompletionException). */
  private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
    CompletableFuture<List<T>> result = new CompletableFuture<>();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                result.completeExceptionally(
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error);
              } else {
                result.complete(futures.stream().map(CompletableFuture::join).toList());
              }
            });
    return result;
  }

  /** Names the driver and the store; holds no credentials, so there are none to show. */
  @Override
  public String toString() {
    return "S3StorageDriver[" + name + ", " + store + "]";
  }

  @Override
  public void close() {
    io.shutdown();
    s3.close();
    credentials.close();
  }
}
