package dev.skein.client;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Optional;

/**
 * Connection settings after flags, environment and profile were merged.
 *
 * @param profile the merged Temporal client profile
 */
public record ResolvedConnection(ClientConfigProfile profile) {

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

  WorkflowClientOptions clientOptions() {
    return WorkflowClientOptions.newBuilder(profile.toWorkflowClientOptions())
        .setNamespace(namespace())
        .build();
  }
}
