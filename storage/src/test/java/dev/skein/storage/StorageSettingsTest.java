package dev.skein.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags over environment over skein.toml over defaults, and a clear sentence for a bad value. */
class StorageSettingsTest {

  @TempDir Path dir;

  /** A home of its own and no configuration file: only what a test adds counts. */
  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("SKEIN_CONFIG_FILE", dir.resolve("absent.toml").toString());
    return env;
  }

  private Map<String, String> envWithFile(String toml) throws Exception {
    Path file = dir.resolve("skein.toml");
    Files.writeString(file, toml);
    Map<String, String> env = env();
    env.put("SKEIN_CONFIG_FILE", file.toString());
    return env;
  }

  private static ResolvedStorage resolve(Map<String, String> env) {
    return StorageSettings.fromEnvironment().resolve(env);
  }

  @Test
  void nothingConfiguredMeansFilesInTheUsersDataDirectory() {
    ResolvedStorage r = resolve(env());
    assertThat(r.kind()).isEqualTo(StorageKind.FS);
    assertThat(r.dir()).contains(dir.resolve(".local/share/skein/payloads"));
    assertThat(r.threshold()).isEqualTo(256 * 1024);
    assertThat(r.inlineOutputLimit()).isEqualTo(16 * 1024);
    assertThat(r.configured()).isFalse();
    assertThat(r.summary())
        .isEqualTo(
            "fs:"
                + dir.resolve(".local/share/skein/payloads")
                + " (payloads above 256KiB, agent"
                + " outputs above 16KiB)");

    Map<String, String> xdg = env();
    xdg.put("XDG_DATA_HOME", dir.resolve("data").toString());
    assertThat(resolve(xdg).dir()).contains(dir.resolve("data/skein/payloads"));
  }

  @Test
  void flagsBeatTheEnvironmentWhichBeatsTheFilePerSetting() throws Exception {
    Map<String, String> env =
        envWithFile(
            """
            [connection]
            ignored = "other tables belong to others"

            [storage]
            type = "s3"
            s3_bucket = "file-bucket"
            s3_prefix = "file/prefix"
            s3_endpoint = "http://file-host:9000"
            s3_path_style = false
            threshold = 131072
            inline_output_limit = "1MiB"
            """);
    env.put("SKEIN_S3_BUCKET", "env-bucket");
    env.put("SKEIN_STORAGE_THRESHOLD", "512KiB");
    env.put("SKEIN_S3_REGION", "eu-west-3");

    ResolvedStorage fromFileAndEnv = resolve(env);
    assertThat(fromFileAndEnv.kind()).isEqualTo(StorageKind.S3);
    assertThat(fromFileAndEnv.threshold()).isEqualTo(512 * 1024);
    assertThat(fromFileAndEnv.inlineOutputLimit()).isEqualTo(1024 * 1024);
    assertThat(fromFileAndEnv.s3().orElseThrow())
        .isEqualTo(
            new S3Location(
                "env-bucket",
                "file/prefix/",
                Optional.of(URI.create("http://file-host:9000")),
                Optional.of("eu-west-3"),
                false));

    ResolvedStorage withFlags =
        StorageSettings.builder()
            .s3Bucket("flag-bucket")
            .threshold("1000")
            .s3PathStyle(true)
            .build()
            .resolve(env);
    assertThat(withFlags.s3().orElseThrow().bucket()).isEqualTo("flag-bucket");
    assertThat(withFlags.s3().orElseThrow().prefix()).isEqualTo("file/prefix/");
    assertThat(withFlags.s3().orElseThrow().pathStyle()).isTrue();
    assertThat(withFlags.threshold()).isEqualTo(1000);
    assertThat(withFlags.describe())
        .isEqualTo("s3://flag-bucket/file/prefix at http://file-host:9000");

    ResolvedStorage typeFlag = StorageSettings.builder().type("fs").build().resolve(env);
    assertThat(typeFlag.kind()).isEqualTo(StorageKind.FS);
    assertThat(typeFlag.configured()).isTrue();
  }

  @Test
  void theFileIsFoundWhereTheXdgRulesSay() throws Exception {
    Map<String, String> env = env();
    env.remove("SKEIN_CONFIG_FILE");
    Path inHome = dir.resolve(".config/skein/skein.toml");
    Files.createDirectories(inHome.getParent());
    Files.writeString(inHome, "[storage]\ntype = \"none\"\n");
    assertThat(resolve(env).kind()).isEqualTo(StorageKind.NONE);

    Path elsewhere = dir.resolve("xdg/skein/skein.toml");
    Files.createDirectories(elsewhere.getParent());
    Files.writeString(elsewhere, "[storage]\ndir = \"~/blobs\"\n");
    env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    ResolvedStorage r = resolve(env);
    assertThat(r.kind()).isEqualTo(StorageKind.FS);
    assertThat(r.dir()).contains(dir.resolve("blobs"));
    assertThat(r.configured()).isTrue();
  }

  @Test
  void aPathStyleDefaultFollowsTheEndpoint() {
    Map<String, String> env = env();
    env.put("SKEIN_STORAGE", "S3");
    env.put("SKEIN_S3_BUCKET", "b");
    assertThat(resolve(env).s3().orElseThrow().pathStyle()).isFalse();
    env.put("SKEIN_S3_ENDPOINT", "https://objects.example:9000");
    assertThat(resolve(env).s3().orElseThrow().pathStyle()).isTrue();
    env.put("SKEIN_S3_PATH_STYLE", "no");
    assertThat(resolve(env).s3().orElseThrow().pathStyle()).isFalse();
  }

  @Test
  void aBadValueIsOneSentenceNamingWhereItCameFrom() throws Exception {
    assertBad(
        StorageSettings.builder().type("nfs").build(),
        env(),
        "--storage: 'nfs' is not a storage type (expected fs, s3, none).");
    Map<String, String> env = env();
    env.put("SKEIN_STORAGE_THRESHOLD", "lots");
    assertBad(
        StorageSettings.fromEnvironment(), env, "SKEIN_STORAGE_THRESHOLD: invalid size 'lots'");
    assertBad(
        StorageSettings.builder().inlineOutputLimit("3GiB").build(),
        env(),
        "--inline-output-limit: 3GiB is too large");
    assertBad(
        StorageSettings.builder().type(StorageKind.S3).build(),
        env(),
        "S3 storage needs a bucket: set --s3-bucket, SKEIN_S3_BUCKET or s3_bucket in [storage] of");
    StorageSettings.Builder s3 = StorageSettings.builder().type(StorageKind.S3).s3Bucket("b");
    assertBad(
        s3.s3Endpoint("ftp://host").build(),
        env(),
        "--s3-endpoint: 'ftp://host' is not an http or https URL");
    assertBad(
        s3.s3Endpoint("http://minio:9000").s3Prefix("a/../b").build(),
        env(),
        "--s3-prefix: the S3 prefix 'a/../b' has a '..' segment.");
    assertBad(
        StorageSettings.builder().type(StorageKind.S3).s3Bucket("a b").build(),
        env(),
        "--s3-bucket: 'a b' is not a bucket name");
    Map<String, String> style = env();
    style.put("SKEIN_S3_PATH_STYLE", "maybe");
    assertBad(s3.s3Prefix("").build(), style, "SKEIN_S3_PATH_STYLE: 'maybe' is not true or false.");
    Map<String, String> typo = envWithFile("[storage]\ns3_bukket = \"b\"\n");
    assertBad(
        StorageSettings.fromEnvironment(),
        typo,
        "[storage] has no key 's3_bukket' (expected type, dir, threshold,");
    Map<String, String> broken = envWithFile("[storage\ntype = \"fs\"\n");
    assertBad(
        StorageSettings.fromEnvironment(), broken, "Cannot parse " + dir.resolve("skein.toml"));
    Map<String, String> fileSize = envWithFile("[storage]\nthreshold = \"big\"\n");
    assertBad(
        StorageSettings.fromEnvironment(),
        fileSize,
        "threshold in [storage] of " + dir.resolve("skein.toml") + ": invalid size 'big'");
  }

  @Test
  void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
    StorageSettings settings =
        StorageSettings.builder()
            .type(StorageKind.S3)
            .s3Bucket("b")
            .s3Endpoint("http://AKIAXYZ:hunter2@minio:9000")
            .build();
    assertThatThrownBy(() -> settings.resolve(env()))
        .isInstanceOf(InvalidStorageSettingsException.class)
        .hasMessageContaining("--s3-endpoint: the URL holds credentials")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("AKIAXYZ");
    assertThat(settings.toString())
        .isEqualTo("StorageSettings[type=s3, s3_bucket=b, s3_endpoint=http://***@minio:9000]");
  }

  private static void assertBad(StorageSettings settings, Map<String, String> env, String message) {
    assertThatThrownBy(() -> settings.resolve(env))
        .isInstanceOf(InvalidStorageSettingsException.class)
        .hasMessageContaining(message);
  }

  @Test
  void theFlagsItPrintsResolveToTheSameStore() {
    List<ResolvedStorage> stores =
        List.of(
            resolve(env()),
            StorageSettings.builder()
                .type(StorageKind.S3)
                .s3Bucket("b")
                .s3Prefix("p/q")
                .s3Endpoint("http://localhost:9000")
                .s3Region("eu-west-3")
                .s3PathStyle(false)
                .threshold("1MiB")
                .inlineOutputLimit(1000)
                .build()
                .resolve(env()),
            StorageSettings.builder().dir(dir.resolve("with space")).build().resolve(env()),
            StorageSettings.builder().type(StorageKind.NONE).build().resolve(env()));
    for (ResolvedStorage store : stores) {
      StorageSettings.Builder again = StorageSettings.builder();
      List<String> flags = store.flags();
      for (int i = 0; i < flags.size(); i++) {
        String flag = flags.get(i);
        if (flag.contains("=")) {
          again.set(
              StorageSetting.ofFlag(flag.substring(0, flag.indexOf('='))).orElseThrow(),
              flag.substring(flag.indexOf('=') + 1));
        } else {
          String value = flags.get(++i);
          again.set(
              StorageSetting.ofFlag(flag).orElseThrow(),
              value.startsWith("'") ? value.substring(1, value.length() - 1) : value);
        }
      }
      ResolvedStorage back = again.build().resolve(env());
      assertThat(back.describe()).isEqualTo(store.describe());
      assertThat(back.s3()).isEqualTo(store.s3());
      assertThat(back.threshold()).isEqualTo(store.threshold());
      assertThat(back.inlineOutputLimit()).isEqualTo(store.inlineOutputLimit());
    }
  }

  @Test
  void opensEachKindAndATemporaryDirectoryIsRemovedOnClose() throws Exception {
    assertThat(StorageSettings.builder().type("none").build().resolve(env()).open()).isEmpty();

    ResolvedStorage s3 =
        StorageSettings.builder()
            .type("s3")
            .s3Bucket("b")
            .s3Endpoint("http://127.0.0.1:9")
            .build()
            .resolve(env());
    try (Storage storage = s3.open().orElseThrow()) {
      assertThat(storage.driver().getName()).isEqualTo("skein-s3");
      assertThat(storage.description()).isEqualTo("s3://b at http://127.0.0.1:9");
    }

    ResolvedStorage unconfigured = resolve(env()).orTemporary();
    assertThat(unconfigured.temporary()).isTrue();
    assertThat(unconfigured.flags()).isEmpty();
    Path root;
    try (Storage storage = unconfigured.open().orElseThrow()) {
      assertThat(storage.driver().getName()).isEqualTo("skein-fs");
      root = ((FileStorageDriver) storage.driver()).root();
      storage
          .outputStore()
          .put(
              "z".repeat(20_000),
              new io.temporal.payload.storage.StorageDriverWorkflowInfo("default", "w", "r", "T"));
      assertThat(Files.list(root).count()).isEqualTo(1);
    }
    assertThat(root).doesNotExist();

    Map<String, String> env = env();
    env.put("SKEIN_STORAGE_DIR", dir.resolve("chosen").toString());
    assertThat(resolve(env).orTemporary().dir()).contains(dir.resolve("chosen"));
  }
}
