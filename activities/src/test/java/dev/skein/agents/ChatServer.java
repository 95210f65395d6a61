package dev.skein.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback chat-completions server with a scenario for each way a provider answers: {@code
 * /stream/v1}, {@code /plain/v1}, {@code /limited/v1}, {@code /bad/v1}, {@code /broken/v1}, {@code
 * /leaky/v1}, {@code /endless/v1}.
 */
final class ChatServer extends LoopbackChatServer {

  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

  /** The endless stream sent its first chunk. */
  final CountDownLatch endlessStarted = new CountDownLatch(1);

  /** Writing to the endless stream failed: the client closed the connection. */
  final CountDownLatch endlessClosed = new CountDownLatch(1);

  ChatServer() throws IOException {}

  @Override
  protected void respond(HttpExchange exchange, String scenario) throws IOException {
    bodies.add(Requests.JSON.readTree(exchange.getRequestBody()));
    switch (scenario) {
      case "stream" -> stream(exchange, List.of("Hel", "lo, ", "world"), 9);
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
            exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"}}");
      }
      case "endless" -> endless(exchange);
      default -> send(exchange, 404, "{}");
    }
  }

  private void endless(HttpExchange exchange) throws IOException {
    OutputStream out = startStream(exchange);
    try {
      for (int i = 0; i < 10_000; i++) {
        event(out, delta("tok" + i + " "));
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
}
