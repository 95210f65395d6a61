package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.ResolvedConnection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The connection flags every connecting command shares, as picocli reads them. */
class ConnectionOptionsTest {

  @TempDir Path dir;

  private ResolvedConnection parse(String... args) {
    CommandLine.ParseResult result = SkeinMain.commandLine().parseArgs(args);
    WorkerCommand worker = result.subcommand().commandSpec().commandLine().getCommand();
    return worker
        .connection
        .settings()
        .resolve(Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("absent.toml").toString()));
  }

  @Test
  void tlsFlagsReachTheTemporalProfile() {
    ResolvedConnection r =
        parse(
            "worker",
            "--address",
            "my-ns.a1b2c.tmprl.cloud:7233",
            "--namespace",
            "my-ns.a1b2c",
            "--tls-cert-path",
            "client.pem",
            "--tls-key-path",
            "client.key",
            "--tls-ca-path",
            "ca.pem",
            "--tls-server-name",
            "frontend.internal");

    assertThat(r.address()).isEqualTo("my-ns.a1b2c.tmprl.cloud:7233");
    assertThat(r.namespace()).isEqualTo("my-ns.a1b2c");
    assertThat(r.profile().getTls().isDisabled()).isFalse();
    assertThat(r.profile().getTls().getClientCertPath()).isEqualTo("client.pem");
    assertThat(r.profile().getTls().getClientKeyPath()).isEqualTo("client.key");
    assertThat(r.profile().getTls().getServerCACertPath()).isEqualTo("ca.pem");
    assertThat(r.profile().getTls().getServerName()).isEqualTo("frontend.internal");
  }

  @Test
  void tlsAloneAndAnApiKeyTurnTlsOn() {
    ResolvedConnection plain = parse("worker", "--address", "h:7233");
    ResolvedConnection tls = parse("worker", "--address", "h:7233", "--tls");
    ResolvedConnection key = parse("worker", "--address", "h:7233", "--api-key", "k-1");

    assertThat(plain.profile().getTls()).isNull();
    assertThat(tls.profile().getTls().isDisabled()).isFalse();
    assertThat(key.profile().getApiKey()).isEqualTo("k-1");
  }
}
