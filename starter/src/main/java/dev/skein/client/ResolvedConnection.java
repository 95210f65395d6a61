package dev.skein.client;

import dev.skein.codec.Encryption;
import dev.skein.codec.EncryptionKeys;
import dev.skein.storage.ResolvedStorage;
import dev.skein.storage.Storage;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Optional;

/**
 * Connection settings after flags, environment and profile were merged.
 *
 * @param profile the merged Temporal client profile
 * @param storage the store for payloads and outputs outside history, resolved alike
 * @param encryption the keys payloads are encrypted and decrypted with
 */
public record ResolvedConnection(
    ClientConfigProfile profile, ResolvedStorage storage, EncryptionKeys encryption) {

  /** Without encryption keys. */
  public ResolvedConnection(ClientConfigProfile profile, ResolvedStorage storage) {
    this(profile, storage, EncryptionKeys.none());
  }

  /** The configured address, empty when nothing named one (the CLI then runs embedded). */
  public Optional<String> configuredAddress() {
    String address = profile.getAddress();
    return address == null || address.isBlank() ? Optional.empty() : Optional.of(address);
  }

  /** The address to dial: the configured one, else {@value ConnectionSettings#DEFAULT_ADDRESS}. */
  public String address() {
    return configuredAddress().orElse(ConnectionSettings.DEFAULT_ADDRESS);
  }

  public String namespace() {
    String namespace = profile.getNamespace();
    return namespace == null || namespace.isBlank()
        ? ConnectionSettings.DEFAULT_NAMESPACE
        : namespace;
  }

  WorkflowServiceStubsOptions serviceOptions() {
    return WorkflowServiceStubsOptions.newBuilder(profile.toWorkflowServiceStubsOptions())
        .setTarget(address())
        .build();
  }

  /**
   * The client's options: the encrypting converter of {@link #encryption}, and {@code storage}'s
   * external storage when there is one.
   */
  WorkflowClientOptions clientOptions(Optional<Storage> storage) {
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
            .setNamespace(namespace())
            .setDataConverter(Encryption.dataConverter(encryption));
    storage.ifPresent(s -> options.setExternalStorage(s.externalStorage()));
    return options.build();
  }
}
