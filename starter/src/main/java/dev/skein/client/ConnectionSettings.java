package dev.skein.client;

import dev.skein.codec.EncryptionSettings;
import dev.skein.storage.StorageSettings;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Temporal service is and how to talk to it. Values set here win over Temporal's
 * environment configuration ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code
 * TEMPORAL_API_KEY}, {@code TEMPORAL_TLS_*}), which wins over the {@code temporal.toml} profile
 * ({@code TEMPORAL_PROFILE} or {@link Builder#profile}, else {@code default}): the Temporal CLI's
 * precedence.
 *
 * <p>The {@linkplain StorageSettings storage settings} resolve the same way ({@code SKEIN_STORAGE},
 * {@code SKEIN_S3_*}, the {@code [storage]} table of {@code skein.toml}): a client must use the
 * store its workers use, since history holds references into it. The {@linkplain EncryptionSettings
 * encryption settings} ({@code SKEIN_ENCRYPTION_KEY}, a key file) give the keys payloads are
 * encrypted and decrypted with; a client needs its workers' key to read what they wrote.
 *
 * <pre>{@code
 * ConnectionSettings local = ConnectionSettings.fromEnvironment();
 * ConnectionSettings cloud =
 *     ConnectionSettings.builder()
 *         .address("my-ns.a1b2c.tmprl.cloud:7233")
 *         .namespace("my-ns.a1b2c")
 *         .apiKey(System.getenv("MY_KEY"))
 *         .build();
 * }</pre>
 */
public record ConnectionSettings(
    Optional<String> address,
    Optional<String> namespace,
    Optional<String> apiKey,
    Optional<Path> tlsCertPath,
    Optional<Path> tlsKeyPath,
    Optional<Path> tlsCaPath,
    boolean tls,
    Optional<String> tlsServerName,
    Optional<String> profile,
    StorageSettings storage,
    EncryptionSettings encryption) {

  /** The Temporal CLI's default when nothing names an address. */
  public static final String DEFAULT_ADDRESS = "localhost:7233";

  public static final String DEFAULT_NAMESPACE = "default";

  /** Nothing set here: only the environment and {@code temporal.toml} decide. */
  public static ConnectionSettings fromEnvironment() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Applies the environment and the profile file, reading the process environment. */
  public ResolvedConnection resolve() {
    return resolve(System.getenv());
  }

  /**
   * Applies {@code env} (in place of the process environment) and the profile file under these
   * settings, and resolves the storage settings with the same {@code env}.
   *
   * @throws dev.skein.storage.InvalidStorageSettingsException when a storage setting is bad
   * @throws dev.skein.codec.InvalidEncryptionSettingsException when a key setting holds no key
   * @throws IllegalArgumentException when the named profile does not exist or the file is bad
   */
  public ResolvedConnection resolve(Map<String, String> env) {
    var resolvedStorage = storage.resolve(env);
    var keys = encryption.resolve(env);
    LoadClientConfigProfileOptions.Builder load =
        LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
    profile.ifPresent(load::setConfigFileProfile);
    ClientConfigProfile base;
    try {
      base = ClientConfigProfile.load(load.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Temporal configuration file", e);
    }
    ClientConfigProfile.Builder merged = base.toBuilder();
    address.ifPresent(merged::setAddress);
    namespace.ifPresent(merged::setNamespace);
    apiKey.ifPresent(merged::setApiKey);
    if (tls
        || tlsCertPath.isPresent()
        || tlsKeyPath.isPresent()
        || tlsCaPath.isPresent()
        || tlsServerName.isPresent()) {
      ClientConfigTLS.Builder tls =
          base.getTls() == null ? ClientConfigTLS.newBuilder() : base.getTls().toBuilder();
      tls.setDisabled(false);
      tlsCertPath.ifPresent(p -> tls.setClientCertPath(p.toString()));
      tlsKeyPath.ifPresent(p -> tls.setClientKeyPath(p.toString()));
      tlsCaPath.ifPresent(p -> tls.setServerCACertPath(p.toString()));
      tlsServerName.ifPresent(tls::setServerName);
      merged.setTls(tls.build());
    }
    return new ResolvedConnection(merged.build(), resolvedStorage, keys);
  }

  /** Builds {@link ConnectionSettings}; every value is optional. */
  public static final class Builder {
    private String address;
    private String namespace;
    private String apiKey;
    private Path tlsCertPath;
    private Path tlsKeyPath;
    private Path tlsCaPath;
    private boolean tls;
    private String tlsServerName;
    private String profile;
    private StorageSettings storage = StorageSettings.fromEnvironment();
    private EncryptionSettings encryption = EncryptionSettings.fromEnvironment();

    private Builder() {}

    /** {@code host:port} of the Temporal frontend. */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Sent as a bearer token; turns TLS on unless TLS is explicitly disabled. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder tlsCertPath(Path path) {
      this.tlsCertPath = path;
      return this;
    }

    public Builder tlsKeyPath(Path path) {
      this.tlsKeyPath = path;
      return this;
    }

    public Builder tlsCaPath(Path path) {
      this.tlsCaPath = path;
      return this;
    }

    /**
     * TLS with the system's trusted CAs even without certificates or a key (the certificate paths,
     * the server name and an API key turn it on too).
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** The name the server's certificate must carry, when it is not the address's host. */
    public Builder tlsServerName(String serverName) {
      this.tlsServerName = serverName;
      return this;
    }

    /** A profile of {@code temporal.toml}. */
    public Builder profile(String profile) {
      this.profile = profile;
      return this;
    }

    /** Where large payloads and outputs are; by default the environment and skein.toml decide. */
    public Builder storage(StorageSettings storage) {
      this.storage = storage;
      return this;
    }

    /** Where the payload encryption keys are; by default the environment decides. */
    public Builder encryption(EncryptionSettings encryption) {
      this.encryption = encryption;
      return this;
    }

    public ConnectionSettings build() {
      return new ConnectionSettings(
          Optional.ofNullable(address),
          Optional.ofNullable(namespace),
          Optional.ofNullable(apiKey),
          Optional.ofNullable(tlsCertPath),
          Optional.ofNullable(tlsKeyPath),
          Optional.ofNullable(tlsCaPath),
          tls,
          Optional.ofNullable(tlsServerName),
          Optional.ofNullable(profile),
          storage,
          encryption);
    }
  }
}
