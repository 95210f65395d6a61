package dev.skein.reliability;

import com.sun.net.httpserver.HttpExchange;
import dev.skein.agents.LoopbackChatServer;
import java.io.IOException;
import java.util.List;

/**
 * A loopback chat-completions server answering only requests that carry the expected bearer key.
 * The first path segment picks the behaviour: {@code /plain/v1}, {@code /stream/v1}, or {@code
 * /leaky/v1}, which refuses with a 401 that quotes the key back, as some providers do: the agent
 * must not carry that text into the run's history.
 */
final class ChatCompletionsServer extends LoopbackChatServer {

  static final String ANSWER = "hello from the loopback model";

  private final String expectedKey;

  ChatCompletionsServer(String expectedKey) throws IOException {
    this.expectedKey = expectedKey;
  }

  /** Requests that carried exactly {@code Bearer <expected key>}. */
  long authorizedRequests() {
    return authorizations.stream().filter(("Bearer " + expectedKey)::equals).count();
  }

  @Override
  protected void respond(HttpExchange exchange, String behaviour) throws IOException {
    exchange.getRequestBody().readAllBytes();
    if (!("Bearer " + expectedKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, "{\"error\":{\"message\":\"missing or wrong API key\"}}");
      return;
    }
    switch (behaviour) {
      case "plain" ->
          send(
              exchange,
              200,
              "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                  + "\"message\":{\"role\":\"assistant\",\"content\":\""
                  + ANSWER
                  + "\"},\"finish_reason\":\"stop\"}],"
                  + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5}}");
      case "stream" -> stream(exchange, List.of("hello ", "from the ", "loopback model"), 5);
      case "leaky" ->
          send(
              exchange,
              401,
              "{\"error\":{\"message\":\"Incorrect API key provided: " + expectedKey + "\"}}");
      default -> send(exchange, 404, "{}");
    }
  }
}
