package dev.skein.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server speaking OpenAI's chat-completions API. The first path segment picks the
 * scenario: {@code /stream/v1}, {@code /plain/v1}, {@code /limited/v1}, {@code /bad/v1}, {@code
 * /broken/v1}, {@code /leaky/v1}, {@code /endless/v1}.
 */
final class ChatServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

  /** The endless stream sent its first chunk. */
  final CountDownLatch endlessStarted = new CountDownLatch(1);

  /** Writing to the endless stream failed: the client closed the connection. */
  final CountDownLatch endlessClosed = new CountDownLatch(1);

  ChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl(String scenario) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + scenario + "/v1";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      bodies.add(Requests.JSON.readTree(exchange.getRequestBody()));
      String scenario = exchange.getRequestURI().getPath().split("/")[1];
      switch (scenario) {
        case "stream" -> stream(exchange);
        case "plain" ->
            send(
                exchange,
                200,
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"plain"
                    + " answer\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2}}");
        case "limited" -> {
          exchange.getResponseHeaders().add("Retry-After", "2");
          send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached\"}}");
        }
        case "bad" ->
            send(exchange, 400, "{\"error\":{\"message\":\"model 'test-model' does not exist\"}}");
        case "broken" -> send(exchange, 500, "upstream exploded");
        case "leaky" -> {
          String key = exchange.getRequestHeaders().getFirst("Authorization").substring(7);
          send(
              exchange,
              401,
              "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}");
        }
        case "endless" -> endless(exchange);
        default -> send(exchange, 404, "{}");
      }
    }
  }

  private static void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String token : List.of("Hel", "lo, ", "world")) {
      event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + token + "\"}}]}");
    }
    event(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}");
    event(out, "[DONE]");
  }

  private void endless(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      for (int i = 0; i < 10_000; i++) {
        event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok" + i + " \"}}]}");
        endlessStarted.countDown();
        Thread.sleep(50); // a model producing tokens at its own pace
      }
    } catch (IOException e) {
      endlessClosed.countDown();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
