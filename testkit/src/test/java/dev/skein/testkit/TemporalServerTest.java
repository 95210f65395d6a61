package dev.skein.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against the real binary: ports, persistence across kill -9, flags, the UI. */
class TemporalServerTest {

  @Test
  void startsOnFreePortsAndAnswersAsARealServer() {
    try (TemporalServer server = TemporalServer.builder().name("answers").start();
        Stubs stubs = new Stubs(server.address())) {
      String version =
          stubs
              .workflow
              .blockingStub()
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
              .getServerVersion();

      // The in-memory test server reports no version; the real one does.
      assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(List.of(server.grpcPort(), server.httpPort(), server.metricsPort()))
          .doesNotHaveDuplicates();
      assertThat(server.databaseFile()).exists();
      assertThat(server.uiUrl()).isEmpty();
      assertThat(server.logText())
          .contains("--headless")
          .contains(server.databaseFile().toString());
    }
  }

  @Test
  void aWorkflowStartedBeforeAKillMinusNineIsThereAfterTheRestart() throws Exception {
    try (TemporalServer server = TemporalServer.builder().name("restart").start()) {
      String id = "persisted-" + UUID.randomUUID();
      String runId;
      try (Stubs stubs = new Stubs(server.address())) {
        runId =
            stubs
                .workflow
                .blockingStub()
                .startWorkflowExecution(
                    StartWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setWorkflowId(id)
                        .setRequestId(UUID.randomUUID().toString())
                        .setWorkflowType(WorkflowType.newBuilder().setName("NoWorkerForThis"))
                        .setTaskQueue(TaskQueue.newBuilder().setName("nobody-polls"))
                        .build())
                .getRunId();
      }
      long firstPid = server.pid();

      server.kill();
      assertThat(server.isRunning()).isFalse();
      assertThat(accepts(server.grpcPort())).as("the port after the kill").isFalse();
      Duration back = server.restart();

      assertThat(server.pid()).isNotEqualTo(firstPid);
      assertThat(back).isLessThan(Duration.ofSeconds(60));
      try (Stubs stubs = new Stubs(server.address())) {
        var info =
            stubs
                .workflow
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(runId))
                        .build())
                .getWorkflowExecutionInfo();
        assertThat(info.getStatus())
            .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      }
      assertThat(Pattern.compile("(?m)^==== start \\d+:").matcher(server.logText()).results())
          .hasSize(2);
    }
  }

  @Test
  void extraFlagsReachTheServer() {
    try (TemporalServer server =
            TemporalServer.builder()
                .name("flags")
                .namespace("skein-other")
                .searchAttribute("SkeinPipeline", "Keyword")
                .dynamicConfig("limit.blobSize.error", "1048576")
                .start();
        Stubs stubs = new Stubs(server.address())) {
      var attributes =
          stubs
              .operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace("default").build())
              .getCustomAttributesMap();
      var other =
          stubs
              .workflow
              .blockingStub()
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace("skein-other").build());

      assertThat(attributes)
          .containsEntry("SkeinPipeline", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      assertThat(other.getNamespaceInfo().getName()).isEqualTo("skein-other");
      assertThat(server.logText()).contains("limit.blobSize.error=1048576");
    }
  }

  @Test
  void theWebUiServesOnItsOwnPortWhenAsked() throws Exception {
    try (TemporalServer server = TemporalServer.builder().name("ui").withUi().start()) {
      String url = server.uiUrl().orElseThrow();
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).containsIgnoringCase("<html");
      assertThat(server.logText()).doesNotContain("--headless");
    }
  }

  @Test
  void aMissingBinaryFailsNamingTheInstaller(@TempDir Path checkout) throws IOException {
    Files.createDirectories(checkout.resolve("tools"));
    Files.writeString(checkout.resolve("tools/install-tools"), "#!/bin/sh\n");
    Path module = Files.createDirectories(checkout.resolve("starter"));

    assertThatThrownBy(() -> TemporalCli.binary(module))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run " + checkout.resolve("tools/install-tools"))
        .hasMessageContaining(checkout.resolve(".tools/venv/bin/temporal") + " is missing");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /** Raw service stubs on one address. */
  private static final class Stubs implements AutoCloseable {
    final WorkflowServiceStubs workflow;
    final OperatorServiceStubs operator;

    Stubs(String address) {
      workflow =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      operator =
          OperatorServiceStubs.newServiceStubs(
              OperatorServiceStubsOptions.newBuilder()
                  .setTarget(address)
                  .validateAndBuildWithDefaults());
    }

    @Override
    public void close() {
      workflow.shutdownNow();
      operator.shutdownNow();
    }
  }
}
