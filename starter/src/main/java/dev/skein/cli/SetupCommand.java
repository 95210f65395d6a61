package dev.skein.cli;

import dev.skein.client.SkeinClient;
import dev.skein.visibility.SearchAttributeRegistry;
import dev.skein.visibility.SkeinSearchAttributes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Register Skein's search attributes (SkeinPipeline, SkeinStatus, SkeinRetryOf, all Keyword)"
          + " in the namespace; what exists already is left alone. Workers do the same when they"
          + " start.",
      "Exit 1 when the service refuses (Temporal Cloud, no permission): the message gives the"
          + " command an operator can run instead."
    })
final class SetupCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      SearchAttributeRegistry.Registration registration = client.registerSearchAttributes();
      String namespace = client.namespace();
      if (registration.complete()) {
        System.out.println(
            "Search attributes "
                + SkeinSearchAttributes.described()
                + " are registered in namespace "
                + namespace
                + ".");
        return ExitCodes.OK;
      }
      System.err.println(
          "The Temporal service at "
              + client.address()
              + " did not register Skein's search attributes in namespace "
              + namespace
              + " ("
              + registration.refusal().orElse("refused")
              + "). Registered: "
              + (registration.registered().isEmpty()
                  ? "none"
                  : String.join(", ", registration.registered()))
              + ". Someone with permission can run:\n  "
              + SkeinSearchAttributes.createCommand(namespace)
              + "\n(on Temporal Cloud, add them to the namespace with tcld or in the Cloud UI).");
      return ExitCodes.RUN_FAILED;
    }
  }
}
