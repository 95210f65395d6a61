package dev.skein.storage;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * moto's S3-compatible server ({@code moto[server]}, pinned in tools/requirements.txt and installed
 * by tools/install-tools) on a free loopback port, for as long as a test class needs it.
 */
final class MotoServer implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts the server and waits until it answers. */
  static MotoServer start() throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Path binary = root.resolve(".tools/venv/bin/moto_server");
    if (!Files.isExecutable(binary)) {
      fail(
          binary
              + " is missing: run tools/install-tools (it installs the pinned test tools into"
              + " .tools/venv) and test again.");
    }
    int port = freePort();
    Path log = Files.createTempFile("moto-server", ".log");
    Process process =
        new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitReady();
    return server;
  }

  URI endpoint() {
    return endpoint;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        fail("moto_server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          c.disconnect();
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    close();
    fail(
        "moto_server did not answer within " + START_TIMEOUT_MS + " ms:\n" + Files.readString(log));
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temporary file
    }
  }

  /** The directory with tools/install-tools: the tests run in a module directory below it. */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("tools/install-tools"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "not inside the Skein repository: " + Path.of("").toAbsolutePath());
  }

  /** A port nothing listens on (just closed). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
