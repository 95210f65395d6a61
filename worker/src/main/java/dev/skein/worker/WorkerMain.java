package dev.skein.worker;

import dev.skein.agents.policy.AgentPolicy;
import dev.skein.agents.policy.PolicyFile;
import dev.skein.codec.Encryption;
import dev.skein.codec.EncryptionKeys;
import dev.skein.codec.EncryptionSettings;
import dev.skein.codec.InvalidEncryptionSettingsException;
import dev.skein.model.Durations;
import dev.skein.storage.InvalidStorageSettingsException;
import dev.skein.storage.ResolvedStorage;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageException;
import dev.skein.storage.StorageSetting;
import dev.skein.storage.StorageSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process for containers: configured by environment variables (flags override them),
 * runs until SIGTERM or SIGINT, drains, exits 0.
 *
 * <ul>
 *   <li>{@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code
 *       TEMPORAL_TLS_*}, {@code TEMPORAL_PROFILE} and {@code temporal.toml}: as the Temporal CLI
 *       reads them
 *   <li>{@code SKEIN_TASK_QUEUES} (comma-separated, default {@code skein}), {@code
 *       SKEIN_MAX_CONCURRENT_ACTIVITIES}, {@code SKEIN_MAX_CONCURRENT_WORKFLOW_TASKS}, {@code
 *       SKEIN_SHUTDOWN_GRACE} ({@code 30s})
 *   <li>storage, as every Skein process reads it ({@code StorageSettings}): {@code SKEIN_STORAGE},
 *       {@code SKEIN_STORAGE_DIR}, {@code SKEIN_STORAGE_THRESHOLD}, {@code
 *       SKEIN_INLINE_OUTPUT_LIMIT}, {@code SKEIN_S3_*}, the {@code [storage]} table of {@code
 *       skein.toml}; S3 credentials from the AWS chain ({@code AWS_ACCESS_KEY_ID}, ...)
 *   <li>agent policy ({@link AgentPolicy}): {@code SKEIN_ALLOW_SECRETS} and {@code
 *       SKEIN_ALLOW_COMMANDS} (comma-separated), {@code SKEIN_ALLOW_ANY=true}, {@code SKEIN_POLICY}
 *       (a policy file); without any, no variable of the worker reaches an agent
 *   <li>payload encryption ({@link EncryptionSettings}): {@code SKEIN_ENCRYPTION_KEY} (base64 of 32
 *       bytes) or {@code SKEIN_ENCRYPTION_KEY_FILE}, {@code SKEIN_DECRYPTION_KEYS} (old keys,
 *       comma-separated), or the flags {@code --encryption-key-file FILE} and {@code
 *       --decryption-key-file FILE} (repeatable)
 *   <li>flags: {@code --allow-secret NAME[@HOST[:PORT]]}, {@code --allow-command PROG}, {@code
 *       --allow-any}, {@code --policy FILE} (added to the variables' grants), {@code --address},
 *       {@code --namespace}, {@code --task-queue Q} (repeatable), {@code
 *       --max-concurrent-activities N}, {@code --max-concurrent-workflow-tasks N}, {@code
 *       --shutdown-grace 30s}, and the storage flags of {@code skein worker} ({@code --storage},
 *       {@code --s3-bucket}, ...); {@code --flag value} or {@code --flag=value}
 * </ul>
 *
 * <p>The store is checked before polling starts: an unusable one ends the process with exit 2.
 */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    ClientConfigProfile.Builder profile = loadProfile().toBuilder();
    WorkerSettings settings = settingsFromEnv(env);
    StorageSettings.Builder storageFlags = StorageSettings.builder();
    List<String> queues = new ArrayList<>();
    List<String> allowSecrets = new ArrayList<>();
    List<String> allowCommands = new ArrayList<>();
    List<Path> policyFiles = new ArrayList<>();
    Optional<Path> keyFile = Optional.empty();
    List<Path> decryptionKeyFiles = new ArrayList<>();
    boolean allowAny = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (flag.equals("--allow-any") && value == null) {
        allowAny = true;
        continue;
      }
      if (value == null) {
        boolean bare = i + 1 >= args.length || args[i + 1].startsWith("--");
        if (flag.equals(StorageSetting.S3_PATH_STYLE.flag()) && bare) {
          value = "true";
        } else if (i + 1 >= args.length) {
          usage("missing value after " + flag);
        } else {
          value = args[++i];
        }
      }
      Optional<StorageSetting> storageFlag = StorageSetting.ofFlag(flag);
      if (storageFlag.isPresent()) {
        storageFlags.set(storageFlag.get(), value);
        continue;
      }
      switch (flag) {
        case "--address" -> profile.setAddress(value);
        case "--namespace" -> profile.setNamespace(value);
        case "--task-queue" -> queues.add(value);
        case "--allow-secret" -> allowSecrets.add(value);
        case "--allow-command" -> allowCommands.add(value);
        case "--policy" -> policyFiles.add(Path.of(value));
        case "--encryption-key-file" -> keyFile = Optional.of(Path.of(value));
        case "--decryption-key-file" -> decryptionKeyFiles.add(Path.of(value));
        case "--max-concurrent-activities" ->
            settings = settings.withMaxConcurrentActivities(Integer.parseInt(value));
        case "--max-concurrent-workflow-tasks" ->
            settings = settings.withMaxConcurrentWorkflowTasks(Integer.parseInt(value));
        case "--shutdown-grace" -> settings = settings.withShutdownGrace(parseDuration(value));
        default -> usage("unknown option " + flag);
      }
    }
    if (!queues.isEmpty()) {
      settings = settings.withTaskQueues(queues);
    }
    try {
      settings =
          settings.withPolicy(policy(env, allowAny, allowSecrets, allowCommands, policyFiles));
    } catch (IllegalArgumentException e) {
      usage("policy: " + e.getMessage());
    }
    EncryptionKeys keys = EncryptionKeys.none();
    try {
      keys = new EncryptionSettings(keyFile, decryptionKeyFiles).resolve(env);
    } catch (InvalidEncryptionSettingsException e) {
      usage("encryption: " + e.getMessage());
    }
    ResolvedStorage storageSettings = null;
    Optional<Storage> storage = Optional.empty();
    try {
      storageSettings = storageFlags.build().resolve(env);
      storage = storageSettings.open();
      storage.ifPresent(Storage::check);
    } catch (InvalidStorageSettingsException | StorageException e) {
      usage("storage: " + e.getMessage());
    }
    ClientConfigProfile resolved = profile.build();
    ChannelThreads threads = new ChannelThreads();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            threads.apply(resolved.toWorkflowServiceStubsOptions()));
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder(resolved.toWorkflowClientOptions())
            .setDataConverter(Encryption.dataConverter(keys));
    storage.ifPresent(s -> options.setExternalStorage(s.externalStorage()));
    WorkflowClient client = WorkflowClient.newInstance(service, options.build());
    log.info(
        "connecting to {} namespace {}; storage {}; payload encryption {}",
        resolved.getAddress() == null ? "127.0.0.1:7233" : resolved.getAddress(),
        client.getOptions().getNamespace(),
        storageSettings.summary(),
        keys.summary());
    serve(new SkeinWorker(client, settings.withStorage(storage)));
    service.shutdown();
    service.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    threads.close();
    storage.ifPresent(Storage::close);
    System.exit(0);
  }

  /** Starts the worker, waits for SIGTERM or SIGINT, then shuts it down gracefully. */
  public static void serve(SkeinWorker worker) throws InterruptedException {
    ShutdownSignal signal = ShutdownSignal.install();
    worker.start();
    signal.await();
    worker.shutdown();
  }

  /** Worker settings from {@code SKEIN_*} variables over the defaults. */
  public static WorkerSettings settingsFromEnv(Map<String, String> env) {
    WorkerSettings settings = WorkerSettings.defaults();
    String queues = env.get("SKEIN_TASK_QUEUES");
    if (queues != null && !queues.isBlank()) {
      settings =
          settings.withTaskQueues(
              Arrays.stream(queues.split(","))
                  .map(String::trim)
                  .filter(q -> !q.isEmpty())
                  .toList());
    }
    String activities = env.get("SKEIN_MAX_CONCURRENT_ACTIVITIES");
    if (activities != null && !activities.isBlank()) {
      settings = settings.withMaxConcurrentActivities(Integer.parseInt(activities.trim()));
    }
    String workflowTasks = env.get("SKEIN_MAX_CONCURRENT_WORKFLOW_TASKS");
    if (workflowTasks != null && !workflowTasks.isBlank()) {
      settings = settings.withMaxConcurrentWorkflowTasks(Integer.parseInt(workflowTasks.trim()));
    }
    String grace = env.get("SKEIN_SHUTDOWN_GRACE");
    if (grace != null && !grace.isBlank()) {
      settings = settings.withShutdownGrace(parseDuration(grace));
    }
    return settings;
  }

  /**
   * The agent policy from the {@code SKEIN_ALLOW_*} and {@code SKEIN_POLICY} variables, the policy
   * files and the flags' values, all grants together.
   *
   * @throws IllegalArgumentException naming a malformed grant or an unreadable file
   */
  public static AgentPolicy policy(
      Map<String, String> env,
      boolean allowAny,
      List<String> allowSecrets,
      List<String> allowCommands,
      List<Path> policyFiles) {
    AgentPolicy policy =
        AgentPolicy.of(
            allowAny || "true".equalsIgnoreCase(env.getOrDefault("SKEIN_ALLOW_ANY", "").trim()),
            concat(list(env.get("SKEIN_ALLOW_SECRETS")), allowSecrets),
            concat(list(env.get("SKEIN_ALLOW_COMMANDS")), allowCommands));
    String fileVar = env.get("SKEIN_POLICY");
    List<Path> files = new ArrayList<>();
    if (fileVar != null && !fileVar.isBlank()) {
      files.add(Path.of(fileVar.trim()));
    }
    files.addAll(policyFiles);
    for (Path file : files) {
      policy = policy.and(PolicyFile.read(file));
    }
    return policy;
  }

  private static List<String> list(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} as in pipelines; a bare number is seconds.
   */
  public static Duration parseDuration(String text) {
    String t = text == null ? "" : text.trim();
    return t.matches("\\d{1,12}") ? Duration.ofSeconds(Long.parseLong(t)) : Durations.parse(t);
  }

  private static ClientConfigProfile loadProfile() throws IOException {
    return ClientConfigProfile.load();
  }

  private static void usage(String problem) {
    System.err.println("skein worker: " + problem);
    System.exit(2);
  }
}
