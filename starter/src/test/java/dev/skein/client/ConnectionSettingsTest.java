package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.InvalidStorageSettingsException;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags over environment over temporal.toml profile, as the Temporal CLI resolves them. */
class ConnectionSettingsTest {

  @TempDir Path dir;

  private Map<String, String> envWithConfig() throws Exception {
    Path toml = dir.resolve("temporal.toml");
    Files.writeString(
        toml,
        """
        [profile.default]
        address = "profile-host:7233"
        namespace = "profile-ns"

        [profile.staging]
        address = "staging-host:7233"
        namespace = "staging-ns"
        """);
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", toml.toString());
    return env;
  }

  @Test
  void nothingConfiguredMeansNoAddress() {
    ResolvedConnection r =
        ConnectionSettings.fromEnvironment()
            .resolve(Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("absent.toml").toString()));
    assertThat(r.configuredAddress()).isEmpty();
    assertThat(r.address()).isEqualTo("localhost:7233");
    assertThat(r.namespace()).isEqualTo("default");
  }

  @Test
  void theDefaultProfileApplies() throws Exception {
    ResolvedConnection r = ConnectionSettings.fromEnvironment().resolve(envWithConfig());
    assertThat(r.configuredAddress()).contains("profile-host:7233");
    assertThat(r.namespace()).isEqualTo("profile-ns");
  }

  @Test
  void theEnvironmentBeatsTheProfile() throws Exception {
    Map<String, String> env = envWithConfig();
    env.put("TEMPORAL_ADDRESS", "env-host:7233");
    ResolvedConnection r = ConnectionSettings.fromEnvironment().resolve(env);
    assertThat(r.address()).isEqualTo("env-host:7233");
    assertThat(r.namespace()).isEqualTo("profile-ns");
  }

  @Test
  void flagsBeatTheEnvironment() throws Exception {
    Map<String, String> env = envWithConfig();
    env.put("TEMPORAL_ADDRESS", "env-host:7233");
    env.put("TEMPORAL_NAMESPACE", "env-ns");
    ResolvedConnection r =
        ConnectionSettings.builder().address("flag-host:7233").build().resolve(env);
    assertThat(r.address()).isEqualTo("flag-host:7233");
    assertThat(r.namespace()).isEqualTo("env-ns");
  }

  @Test
  void aNamedProfileIsUsedAndAMissingOneIsAnError() throws Exception {
    ResolvedConnection r =
        ConnectionSettings.builder().profile("staging").build().resolve(envWithConfig());
    assertThat(r.address()).isEqualTo("staging-host:7233");
    Map<String, String> env = envWithConfig();
    env.put("TEMPORAL_PROFILE", "staging");
    assertThat(ConnectionSettings.fromEnvironment().resolve(env).namespace())
        .isEqualTo("staging-ns");
    assertThatThrownBy(
            () -> ConnectionSettings.builder().profile("nope").build().resolve(envWithConfig()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void anApiKeyTurnsOnTls() {
    ResolvedConnection r =
        ConnectionSettings.builder()
            .address("cloud:7233")
            .apiKey("secret")
            .build()
            .resolve(Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("absent.toml").toString()));
    assertThat(r.serviceOptions().getEnableHttps()).isTrue();
  }

  @Test
  void storageResolvesFromTheSameEnvironmentFlagsFirst() throws Exception {
    Path skeinToml = dir.resolve("skein.toml");
    Files.writeString(
        skeinToml, "[storage]\ntype = \"s3\"\ns3_bucket = \"file-bucket\"\nthreshold = \"1MiB\"\n");
    Map<String, String> env = envWithConfig();
    env.put("SKEIN_CONFIG_FILE", skeinToml.toString());
    env.put("SKEIN_S3_BUCKET", "env-bucket");

    ResolvedConnection fromEnv = ConnectionSettings.fromEnvironment().resolve(env);
    assertThat(fromEnv.storage().kind()).isEqualTo(StorageKind.S3);
    assertThat(fromEnv.storage().describe()).isEqualTo("s3://env-bucket");
    assertThat(fromEnv.storage().threshold()).isEqualTo(1024 * 1024);

    ResolvedConnection withFlags =
        ConnectionSettings.builder()
            .storage(StorageSettings.builder().type(StorageKind.FS).dir(dir.resolve("p")).build())
            .build()
            .resolve(env);
    assertThat(withFlags.storage().describe()).isEqualTo("fs:" + dir.resolve("p"));
    assertThat(withFlags.address()).isEqualTo("profile-host:7233");

    env.put("SKEIN_INLINE_OUTPUT_LIMIT", "-1");
    assertThatThrownBy(() -> ConnectionSettings.fromEnvironment().resolve(env))
        .isInstanceOf(InvalidStorageSettingsException.class)
        .hasMessageStartingWith("SKEIN_INLINE_OUTPUT_LIMIT: invalid size '-1'");
  }
}
