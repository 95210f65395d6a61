package dev.skein.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.payload.storage.StorageDriverClaim;
import io.temporal.payload.storage.StorageDriverRetrieveContext;
import io.temporal.payload.storage.StorageDriverStoreContext;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 driver against a real S3-compatible server (moto, on loopback): payloads through the SDK's
 * external storage with a real workflow, and every way a read or write can fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StorageDriverTest {

  private static final String ACCESS_KEY = "AKIASKEINTEST" + Long.toHexString(System.nanoTime());
  private static final String SECRET_KEY = "skein-secret-" + UUID.randomUUID();
  private static final String BUCKET = "skein-payloads";
  private static final String PREFIX = "runs/";

  private static MotoServer moto;
  private static S3Client raw;
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private static final List<Logger> watched = new ArrayList<>();

  /** Every failure the tests saw, checked for credentials at the end. */
  private static final List<Throwable> failures = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    // The default chain reads these first: the driver gets its credentials the standard way.
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    logs.start();
    for (String name : List.of("software.amazon.awssdk", "dev.skein", "io.temporal")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(name.equals("io.temporal") ? Level.INFO : Level.DEBUG);
      logger.addAppender(logs);
      watched.add(logger);
    }
    moto = MotoServer.start();
    raw =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    raw.createBucket(r -> r.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    for (Logger logger : watched) {
      logger.detachAppender(logs);
      logger.setLevel(null);
    }
    if (raw != null) {
      raw.close();
    }
    if (moto != null) {
      moto.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static S3Location location(String bucket) {
    return S3Location.compatible(bucket, PREFIX, moto.endpoint());
  }

  private static S3StorageDriver driver() {
    return new S3StorageDriver(location(BUCKET));
  }

  private static StorageDriverStoreContext target(String workflowId) {
    StorageDriverWorkflowInfo info =
        new StorageDriverWorkflowInfo("default", workflowId, "run", "Type");
    return () -> info;
  }

  private static final StorageDriverRetrieveContext RETRIEVE =
      new StorageDriverRetrieveContext() {};

  private static Payload payload(String text) {
    return Payload.newBuilder().setData(ByteString.copyFromUtf8(text)).build();
  }

  /** The failure of a future, unwrapped as the SDK unwraps it; remembered for the final check. */
  private static Throwable failureOf(java.util.concurrent.Future<?> future) {
    Throwable t = catchThrowable(() -> future.get(60, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    failures.add(t.getCause());
    return t.getCause();
  }

  @WorkflowInterface
  public interface Doubler {
    @WorkflowMethod
    String run(String text);
  }

  @ActivityInterface
  public interface Texts {
    @ActivityMethod(name = "Double")
    String twice(String text);
  }

  public static class DoublerImpl implements Doubler {
    @Override
    public String run(String text) {
      Texts texts =
          Workflow.newActivityStub(
              Texts.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
      String doubled = texts.twice(text);
      if (!doubled.equals(text + text)) {
        throw new IllegalStateException("the workflow saw another value");
      }
      return doubled;
    }
  }

  /** Megabytes in and out of a workflow: the values arrive whole, history holds references. */
  @Test
  void largePayloadsTravelThroughTheStoreWhileHistoryKeepsReferences() throws Exception {
    try (S3StorageDriver driver = driver()) {
      Storage storage = new Storage(driver, driver.describe(), 64 * 1024, 16 * 1024);
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder()
                  .setWorkflowClientOptions(
                      WorkflowClientOptions.newBuilder()
                          .setExternalStorage(storage.externalStorage())
                          .build())
                  .build());
      try {
        Worker worker = env.newWorker("q");
        worker.registerWorkflowImplementationTypes(DoublerImpl.class);
        worker.registerActivitiesImplementations((Texts) text -> text + text);
        env.start();
        String input = "abcdefghij".repeat(100_000) + "é";
        String workflowId = "big-" + UUID.randomUUID();
        Doubler doubler =
            env.getWorkflowClient()
                .newWorkflowStub(
                    Doubler.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue("q")
                        .setWorkflowId(workflowId)
                        .build());

        assertThat(doubler.run(input)).isEqualTo(input + input);

        var history = env.getWorkflowClient().fetchHistory(workflowId).getHistory();
        assertThat(history.getSerializedSize()).isLessThan(20_000);
        Payload started =
            history
                .getEvents(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getInput()
                .getPayloads(0);
        assertThat(started.getExternalPayloadsCount()).isEqualTo(1);
        int references = 0;
        for (HistoryEvent e : history.getEventsList()) {
          if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
            references +=
                e.getActivityTaskCompletedEventAttributes()
                    .getResult()
                    .getPayloads(0)
                    .getExternalPayloadsCount();
          }
        }
        assertThat(references).isEqualTo(1);
        String json = JsonFormat.printer().print(history);
        assertThat(json).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY);

        List<String> keys =
            raw
                .listObjectsV2(r -> r.bucket(BUCKET).prefix(PREFIX + "default/" + workflowId + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
        // the input (stored once, though the client and the workflow both sent it), the doubled
        // text (the activity's result and the workflow's are the same bytes)
        assertThat(keys).hasSize(2);
        assertThat(keys).allMatch(k -> k.matches("runs/default/" + workflowId + "/[0-9a-f]{64}"));
      } finally {
        env.close();
      }
    }
  }

  @Test
  void claimsNameBucketKeyAndDigestAndATamperedObjectFailsItsCheck() throws Exception {
    try (S3StorageDriver driver = driver()) {
      StorageDriverClaim claim =
          driver.store(target("wf/tampered"), List.of(payload("original"))).get().get(0);
      Map<String, String> data = claim.getClaimData();
      assertThat(data).containsOnlyKeys("bucket", "key", "sha256");
      assertThat(data.get("bucket")).isEqualTo(BUCKET);
      assertThat(data.get("key"))
          .startsWith("runs/default/wf_tampered-")
          .endsWith(data.get("sha256"));
      assertThat(driver.retrieve(RETRIEVE, List.of(claim)).get().get(0))
          .isEqualTo(payload("original"));

      raw.putObject(r -> r.bucket(BUCKET).key(data.get("key")), RequestBody.fromString("forged"));

      assertThat(failureOf(driver.retrieve(RETRIEVE, List.of(claim))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("digest mismatch")
          .hasMessageContaining("s3://" + BUCKET + "/runs")
          .hasMessageContaining(data.get("key"));
    }
  }

  @Test
  void aMissingObjectIsNamedWithItsStoreAndKey() {
    try (S3StorageDriver driver = driver()) {
      String key = "runs/default/gone/" + "0".repeat(64);
      StorageDriverClaim claim =
          new StorageDriverClaim(Map.of("bucket", BUCKET, "key", key, "sha256", "0".repeat(64)));
      assertThat(failureOf(driver.retrieve(RETRIEVE, List.of(claim))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("not there")
          .hasMessageContaining("s3://" + BUCKET + "/runs")
          .hasMessageContaining(key);
    }
  }

  @Test
  void aReferenceToAnotherBucketOrOutsideThePrefixIsRefused() {
    try (S3StorageDriver driver = driver()) {
      for (Map<String, String> claim :
          List.of(
              Map.of("bucket", "someone-elses", "key", "runs/default/x/y"),
              Map.of("bucket", BUCKET, "key", "secrets/config.json"))) {
        assertThat(failureOf(driver.retrieve(RETRIEVE, List.of(new StorageDriverClaim(claim)))))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("outside this store");
      }
    }
  }

  @Test
  void aMissingBucketIsNamedOnWriteAndByTheStartUpCheck() {
    try (S3StorageDriver driver = new S3StorageDriver(location("no-such-bucket"))) {
      assertThat(failureOf(driver.store(target("wf"), List.of(payload("x")))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("bucket 'no-such-bucket' does not exist")
          .hasMessageContaining("s3://no-such-bucket/runs")
          .hasMessageContaining("runs/default/wf/");
      Throwable check = catchThrowable(driver::check);
      failures.add(check);
      assertThat(check)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("does not exist")
          .hasMessageContaining("s3://no-such-bucket/runs");
    }
    try (S3StorageDriver driver = driver()) {
      driver.check();
    }
  }

  /** Nothing listens: the SDK's retries end quickly in a named failure. */
  @Test
  void aRefusedEndpointFailsWithANamedFailure() throws Exception {
    URI closed = URI.create("http://127.0.0.1:" + MotoServer.freePort());
    try (S3StorageDriver driver =
        new S3StorageDriver(S3Location.compatible(BUCKET, PREFIX, closed))) {
      Throwable t =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () -> failureOf(driver.store(target("wf"), List.of(payload("x")))));
      assertThat(t)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("cannot reach the endpoint")
          .hasMessageContaining("s3://" + BUCKET + "/runs at " + closed);
    }
  }

  /** Something accepts connections and never answers: the attempt and call timeouts end it. */
  @Test
  void aSilentEndpointTimesOutInsteadOfHanging() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      var timeouts =
          new S3StorageDriver.Timeouts(
              Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(1500));
      try (S3StorageDriver driver =
          new S3StorageDriver(
              "skein-s3", S3Location.compatible(BUCKET, PREFIX, endpoint), timeouts)) {
        Throwable t =
            assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> failureOf(driver.retrieve(RETRIEVE, List.of(claimFor("runs/default/a/b")))));
        assertThat(t)
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("no answer from the endpoint within")
            .hasMessageContaining("runs/default/a/b")
            .hasMessageContaining("s3://" + BUCKET + "/runs");
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private static StorageDriverClaim claimFor(String key) {
    return new StorageDriverClaim(Map.of("bucket", BUCKET, "key", key));
  }

  @Test
  void withoutCredentialsTheFailureSaysWhereTheyAreLookedFor() {
    for (String variable :
        List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      assumeTrue(System.getenv(variable) == null, "this machine has AWS credentials: " + variable);
    }
    String key = System.clearProperty("aws.accessKeyId");
    String secret = System.clearProperty("aws.secretAccessKey");
    // no profile files, no instance metadata: nothing else in the chain can answer
    System.setProperty("aws.sharedCredentialsFile", "/nonexistent/skein-test/credentials");
    System.setProperty("aws.configFile", "/nonexistent/skein-test/config");
    System.setProperty("aws.disableEc2Metadata", "true");
    try (S3StorageDriver driver = driver()) {
      assertThat(failureOf(driver.store(target("wf"), List.of(payload("x")))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("no AWS credentials found")
          .hasMessageContaining("AWS_ACCESS_KEY_ID")
          .hasMessageContaining("s3://" + BUCKET + "/runs");
    } finally {
      System.setProperty("aws.accessKeyId", key);
      System.setProperty("aws.secretAccessKey", secret);
      System.clearProperty("aws.sharedCredentialsFile");
      System.clearProperty("aws.configFile");
      System.clearProperty("aws.disableEc2Metadata");
    }
  }

  /** Runs last: it checks what every test of the class left in logs and failures, and its own. */
  @Test
  @Order(Integer.MAX_VALUE)
  void credentialsAreNeverInMessagesLogsOrDescriptions() throws Exception {
    try (S3StorageDriver driver = driver()) {
      StorageDriverClaim claim =
          driver.store(target("wf-creds"), List.of(payload("y".repeat(1000)))).get().get(0);
      driver.retrieve(RETRIEVE, List.of(claim)).get();
      failureOf(driver.retrieve(RETRIEVE, List.of(claimFor("runs/default/none/x"))));
      List<String> texts = new ArrayList<>();
      texts.add(driver.toString());
      texts.add(driver.location().toString());
      texts.add(claim.getClaimData().toString());
      for (Throwable t : failures) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        texts.add(trace.toString());
      }
      for (ILoggingEvent e : List.copyOf(logs.list)) {
        texts.add(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
          texts.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
      }
      assertThat(logs.list).as("the AWS SDK logged at DEBUG").isNotEmpty();
      assertThat(texts).noneMatch(t -> t.contains(ACCESS_KEY) || t.contains(SECRET_KEY));
    }
  }

  @Test
  void aRegionIsNeededOnlyWithoutAnEndpoint() {
    assertThat(S3Location.compatible("b", "", URI.create("http://h:9000")).effectiveRegion())
        .contains("us-east-1");
    assertThat(new S3Location("b", "p", Optional.empty(), Optional.of("eu-west-3"), false))
        .extracting(S3Location::effectiveRegion)
        .isEqualTo(Optional.of("eu-west-3"));
    assertThatThrownBy(() -> S3Location.aws("a/b", ""))
        .isInstanceOf(InvalidStorageSettingsException.class)
        .hasMessageContaining("'a/b' is not a bucket name");
  }
}
