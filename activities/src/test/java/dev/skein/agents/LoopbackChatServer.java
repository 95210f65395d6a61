package dev.skein.agents;

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
 * A loopback HTTP server speaking OpenAI's chat-completions wire format, for tests of the {@code
 * openai} agent. The first path segment of a request picks its scenario ({@code /<scenario>/v1});
 * subclasses say how each scenario answers. Published in this module's test-jar, so the reliability
 * tests drive the same wire format.
 */
public abstract class LoopbackChatServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  /** Every request's Authorization header, {@code "null"} where it had none. */
  public final List<String> authorizations = new CopyOnWriteArrayList<>();

  protected LoopbackChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL an agent is configured with to reach {@code scenario}. */
  public String baseUrl(String scenario) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + scenario + "/v1";
  }

  /** Answers one request, whose body is still unread. */
  protected abstract void respond(HttpExchange exchange, String scenario) throws IOException;

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      respond(exchange, exchange.getRequestURI().getPath().split("/")[1]);
    }
  }

  /** A complete stream: one delta a token, then the usage chunk, then {@code [DONE]}. */
  protected static void stream(HttpExchange exchange, List<String> tokens, int promptTokens)
      throws IOException {
    OutputStream out = startStream(exchange);
    for (String token : tokens) {
      event(out, delta(token));
    }
    event(
        out,
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":"
            + promptTokens
            + ",\"completion_tokens\":"
            + tokens.size()
            + "}}");
    event(out, "[DONE]");
  }

  /** Sends the headers of a server-sent-event stream of unknown length. */
  protected static OutputStream startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  /** A streamed chunk carrying {@code token} as the assistant's next piece of content. */
  protected static String delta(String token) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + token + "\"}}]}";
  }

  protected static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  protected static void send(HttpExchange exchange, int status, String body) throws IOException {
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
