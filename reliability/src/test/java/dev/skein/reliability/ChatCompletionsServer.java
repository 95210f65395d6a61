package dev.skein.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server speaking OpenAI's chat-completions API, answering only requests that carry the
 * expected bearer key. The first path segment picks the behaviour: {@code /plain/v1}, {@code
 * /stream/v1}, or {@code /leaky/v1}, which refuses with a 401 that quotes the key back, as some
 * providers do: the agent must not carry that text into the run's history.
 */
final class ChatCompletionsServer implements AutoCloseable {

  static final String ANSWER = "hello from the loopback model";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String expectedKey;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  ChatCompletionsServer(String expectedKey) throws IOException {
    this.expectedKey = expectedKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl(String behaviour) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/v1";
  }

  /** Requests that carried exactly {@code Bearer <expected key>}. */
  long authorizedRequests() {
    return authorizations.stream().filter(("Bearer " + expectedKey)::equals).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(String.valueOf(authorization));
      if (!("Bearer " + expectedKey).equals(authorization)) {
        send(exchange, 401, "{\"error\":{\"message\":\"missing or wrong API key\"}}");
        return;
      }
      switch (exchange.getRequestURI().getPath().split("/")[1]) {
        case "plain" ->
            send(
                exchange,
                200,
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\""
                    + ANSWER
                    + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}");
        case "stream" -> stream(exchange);
        case "leaky" ->
            send(
                exchange,
                401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + expectedKey + "\"}}");
        default -> send(exchange, 404, "{}");
      }
    }
  }

  private static void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String token : List.of("hello ", "from the ", "loopback model")) {
      event(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + token + "\"}}]}");
    }
    event(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}");
    event(out, "[DONE]");
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
