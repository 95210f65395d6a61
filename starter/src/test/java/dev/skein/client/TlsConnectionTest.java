package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection settings for a Temporal server behind TLS, over loopback: a gRPC server with a
 * certificate of its own CA, which asks for a client certificate, answers the frontend's {@code
 * GetSystemInfo} and records what each call brought (the client certificate's subject, the {@code
 * authorization} header). The certificates are made by {@code openssl} when the test runs.
 */
class TlsConnectionTest {

  /** The only name in the server's certificate; the address is 127.0.0.1, so it must be given. */
  private static final String SERVER_NAME = "temporal.skein.test";

  @TempDir static Path dir;

  private static Server server;
  private static String address;
  private static volatile Optional<String> clientSubject = Optional.empty();
  private static volatile Optional<String> authorization = Optional.empty();

  @BeforeAll
  static void startServer() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=skein-test-ca");
    certificate("server", "/CN=" + SERVER_NAME, "subjectAltName=DNS:" + SERVER_NAME);
    certificate("client", "/CN=skein-worker", "extendedKeyUsage=clientAuth");
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.forServer(
                        dir.resolve("server.pem").toFile(), dir.resolve("server.key").toFile())
                    .trustManager(dir.resolve("ca.pem").toFile())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .build())
            .addService(ServerInterceptors.intercept(new Frontend(), new Recorder()))
            .build()
            .start();
    address = "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void forget() {
    clientSubject = Optional.empty();
    authorization = Optional.empty();
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() {
    call(
        ConnectionSettings.builder()
            .address(address)
            .tlsCertPath(dir.resolve("client.pem"))
            .tlsKeyPath(dir.resolve("client.key"))
            .tlsCaPath(dir.resolve("ca.pem"))
            .tlsServerName(SERVER_NAME));

    assertThat(clientSubject).hasValueSatisfying(s -> assertThat(s).contains("CN=skein-worker"));
    assertThat(authorization).isEmpty();
  }

  @Test
  void anApiKeyIsSentAsABearerTokenOverTls() {
    call(
        ConnectionSettings.builder()
            .address(address)
            .apiKey("key-123")
            .tlsCaPath(dir.resolve("ca.pem"))
            .tlsServerName(SERVER_NAME));

    assertThat(authorization).contains("Bearer key-123");
    assertThat(clientSubject).isEmpty();
  }

  @Test
  void aServerOfAnUntrustedCaIsRefused() {
    assertThatThrownBy(
            () ->
                call(
                    ConnectionSettings.builder()
                        .address(address)
                        .tls(true)
                        .tlsServerName(SERVER_NAME)))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(authorization).isEmpty();
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    assertThatThrownBy(
            () ->
                call(
                    ConnectionSettings.builder().address(address).tlsCaPath(dir.resolve("ca.pem"))))
        .isInstanceOf(StatusRuntimeException.class);
  }

  /** One call of the frontend API, as every Skein client and worker makes them. */
  private static void call(ConnectionSettings.Builder settings) {
    ResolvedConnection resolved =
        settings
            .build()
            .resolve(Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("absent.toml").toString()));
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(resolved.serviceOptions());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } finally {
      stubs.shutdownNow();
    }
  }

  private static final class Frontend extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("tls-test").build());
      response.onCompleted();
    }
  }

  /** Notes the client certificate and the authorization header of each call. */
  private static final class Recorder implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      authorization = Optional.ofNullable(headers.get(AUTHORIZATION));
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      try {
        clientSubject =
            session == null
                ? Optional.empty()
                : Optional.of(
                    ((X509Certificate) session.getPeerCertificates()[0])
                        .getSubjectX500Principal()
                        .getName());
      } catch (SSLPeerUnverifiedException none) {
        clientSubject = Optional.empty();
      }
      return next.startCall(call, headers);
    }
  }

  /** A key and a certificate signed by the test CA. */
  private static void certificate(String name, String subject, String extension) throws Exception {
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(
          "openssl "
              + String.join(" ", args)
              + " failed:\n"
              + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
