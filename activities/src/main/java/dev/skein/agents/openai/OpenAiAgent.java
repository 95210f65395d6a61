package dev.skein.agents.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.agents.Agent;
import dev.skein.agents.AgentCall;
import dev.skein.agents.AgentOutput;
import dev.skein.agents.HeartbeatDetails;
import dev.skein.agents.RetryDelays;
import dev.skein.agents.process.ByteWindow;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import dev.skein.run.Usage;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kind: openai}: one chat completion from any OpenAI-compatible endpoint (OpenAI, vLLM,
 * Ollama, LM Studio...). Streams by default so a long generation heartbeats as tokens arrive. The
 * API key comes from the worker's environment and is never logged nor put in a failure.
 */
public final class OpenAiAgent implements Agent {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Used as the read timeout when the step sets no stall timeout. */
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

  private static final long DEFAULT_MAX_OUTPUT = 256 * 1024;
  private static final long TICK_MS = 100;
  private static final int ERROR_BODY_MAX = 8192;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Made at the first call: its selector thread waits in native code for as long as the client
   * lives, and a JVM leaving with such a thread waits 300 ms for it, so a worker that never runs an
   * openai agent does not carry one.
   */
  private HttpClient http;

  private synchronized HttpClient http() {
    if (http == null) {
      // HTTP/1.1: local servers speak it, and aborting a stream then closes the connection.
      http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(CONNECT_TIMEOUT)
              .build();
    }
    return http;
  }

  @Override
  public AgentOutput run(AgentCall call) {
    AgentConfig config = call.config();
    if (config.baseUrl() == null || config.baseUrl().isBlank()) {
      throw call.configError("an openai agent needs a 'base_url'.");
    }
    if (config.model() == null || config.model().isBlank()) {
      throw call.configError("an openai agent needs a 'model'.");
    }
    String key = apiKey(call);
    boolean stream = config.stream() == null || config.stream();
    Duration readTimeout =
        call.request().stallTimeoutMs() > 0
            ? Duration.ofMillis(call.request().stallTimeoutMs())
            : DEFAULT_READ_TIMEOUT;
    URI uri;
    try {
      uri = URI.create(config.baseUrl().replaceAll("/+$", "") + "/chat/completions");
    } catch (IllegalArgumentException e) {
      throw call.configError("base_url '" + config.baseUrl() + "' is not a valid URL.");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(readTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(call, stream)));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    Exchange exchange = new Exchange(call, key, readTimeout);
    HttpResponse<InputStream> response = exchange.send(http(), request.build());
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw exchange.statusFailure(response);
    }
    return stream ? exchange.readStream(response) : exchange.readWhole(response);
  }

  /** The key from the worker's environment, or null when no {@code api_key_env} is set. */
  private static String apiKey(AgentCall call) {
    String name = call.config().apiKeyEnv();
    if (name == null || name.isBlank()) {
      return null; // local servers such as Ollama need none
    }
    String key = call.workerEnv().get(name);
    if (key == null || key.isBlank()) {
      throw call.configError(
          "the environment variable " + name + " (api_key_env) is not set on this worker.");
    }
    return key;
  }

  private static String body(AgentCall call, boolean stream) {
    AgentConfig config = call.config();
    ObjectNode body = JSON.createObjectNode();
    body.put("model", config.model());
    ArrayNode messages = body.putArray("messages");
    if (config.systemPrompt() != null && !config.systemPrompt().isEmpty()) {
      messages.addObject().put("role", "system").put("content", config.systemPrompt());
    }
    messages.addObject().put("role", "user").put("content", call.prompt());
    if (config.temperature() != null) {
      body.put("temperature", config.temperature());
    }
    if (config.maxTokens() != null) {
      body.put("max_tokens", config.maxTokens());
    }
    body.put("stream", stream);
    if (stream) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return body.toString();
  }

  /** One request and its response, supervised from the activity thread. */
  private static final class Exchange {
    private final AgentCall call;
    private final String key;
    private final Duration readTimeout;
    private final ByteWindow content;

    Exchange(AgentCall call, String key, Duration readTimeout) {
      this.call = call;
      this.key = key;
      this.readTimeout = readTimeout;
      Long max = call.config().maxOutputBytes();
      this.content = ByteWindow.capped(max == null ? DEFAULT_MAX_OUTPUT : max);
    }

    HttpResponse<InputStream> send(HttpClient http, HttpRequest request) {
      CompletableFuture<HttpResponse<InputStream>> future =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      boolean received = false;
      try {
        while (true) {
          try {
            HttpResponse<InputStream> response = future.get(TICK_MS, TimeUnit.MILLISECONDS);
            received = true;
            return response;
          } catch (TimeoutException e) {
            call.heartbeat(HeartbeatDetails.NONE);
          }
        }
      } catch (ExecutionException e) {
        throw transportFailure(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActivityWorkerShutdownException();
      } finally {
        if (!received) {
          future.cancel(true); // cancelled or failed while waiting: abort the exchange
        }
      }
    }

    AgentOutput readStream(HttpResponse<InputStream> response) {
      AtomicReference<Usage> usage = new AtomicReference<>();
      AtomicReference<String> streamError = new AtomicReference<>();
      BodyReader reader =
          BodyReader.start(
              response.body(),
              line -> {
                if (!line.startsWith("data:")) {
                  return; // comments, event names, blank separators
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                  throw new BodyReader.StopReading();
                }
                JsonNode chunk = parse(data);
                if (chunk.has("error")) {
                  streamError.set(errorMessage(chunk));
                  throw new BodyReader.StopReading();
                }
                JsonNode delta = chunk.path("choices").path(0).path("delta").path("content");
                if (delta.isTextual()) {
                  content.append(delta.asText().getBytes(StandardCharsets.UTF_8));
                }
                if (chunk.path("usage").isObject()) {
                  usage.set(usage(chunk.get("usage")));
                }
              });
      await(reader);
      if (streamError.get() != null) {
        throw call.failure(
            FailureTypes.AGENT_FAILED,
            "the server reported an error mid-stream: " + redact(streamError.get()),
            true);
      }
      return new AgentOutput(content.text(), null, content.truncated(), usage.get());
    }

    AgentOutput readWhole(HttpResponse<InputStream> response) {
      StringBuilder text = new StringBuilder();
      BodyReader reader = BodyReader.start(response.body(), line -> text.append(line).append('\n'));
      await(reader);
      JsonNode reply = parse(text.toString());
      JsonNode message = reply.path("choices").path(0).path("message").path("content");
      if (!message.isTextual()) {
        throw call.failure(
            FailureTypes.AGENT_FAILED, "the reply has no choices[0].message.content.", true);
      }
      content.append(message.asText().getBytes(StandardCharsets.UTF_8));
      Usage usage = reply.path("usage").isObject() ? usage(reply.get("usage")) : null;
      return new AgentOutput(content.text(), null, content.truncated(), usage);
    }

    /**
     * Waits for the body while heartbeating; a cancellation, an interrupt or silence beyond the
     * read timeout closes the body stream, which aborts the request.
     */
    private void await(BodyReader reader) {
      boolean finished = false;
      try {
        while (!reader.await(TICK_MS)) {
          if (reader.nanosSinceLastRead() > readTimeout.toNanos()) {
            throw call.failure(
                FailureTypes.AGENT_FAILED,
                "no data from the server for " + readTimeout.toMillis() + " ms (read timeout).",
                true);
          }
          call.heartbeat(new HeartbeatDetails(content.total(), content.lastLine()));
        }
        finished = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActivityWorkerShutdownException();
      } finally {
        if (!finished) {
          reader.abort();
        }
      }
      if (reader.error() != null) {
        throw call.failure(
            FailureTypes.AGENT_FAILED,
            "the response broke off: " + redact(String.valueOf(reader.error().getMessage())),
            true);
      }
    }

    RuntimeException statusFailure(HttpResponse<InputStream> response) {
      int status = response.statusCode();
      String message = redact(errorMessage(readErrorBody(response)));
      String what = "the server answered HTTP " + status + ": " + message;
      if (status == 429 || status == 503) {
        Duration delay =
            RetryDelays.fromHeader(response.headers().firstValue("retry-after"))
                .or(
                    () ->
                        response
                            .headers()
                            .firstValue("retry-after-ms")
                            .filter(v -> v.trim().matches("\\d+"))
                            .map(v -> Duration.ofMillis(Long.parseLong(v.trim()))))
                .orElse(null);
        return call.failure(FailureTypes.RATE_LIMITED, what, true, null, null, delay);
      }
      boolean retryable = status >= 500 || status == 408 || status == 409 || status < 400;
      return call.failure(FailureTypes.AGENT_FAILED, what, retryable);
    }

    private RuntimeException transportFailure(Throwable cause) {
      String what;
      if (cause instanceof HttpTimeoutException) {
        what = "the request timed out: " + cause.getMessage() + ".";
      } else if (cause instanceof ConnectException) {
        what = "could not connect to " + call.config().baseUrl() + ".";
      } else {
        what = "the request failed: " + cause + ".";
      }
      return call.failure(FailureTypes.AGENT_FAILED, redact(what), true);
    }

    /** An error body is small; read a bounded amount, without ever blocking past the timeout. */
    private JsonNode readErrorBody(HttpResponse<InputStream> response) {
      StringBuilder text = new StringBuilder();
      BodyReader reader =
          BodyReader.start(
              response.body(),
              line -> {
                if (text.length() < ERROR_BODY_MAX) {
                  text.append(line).append('\n');
                }
              });
      try {
        await(reader);
      } catch (ApplicationFailure e) {
        // a body that breaks off or never ends: report the status without it
      }
      try {
        return JSON.readTree(text.toString());
      } catch (JsonProcessingException e) {
        return JSON.getNodeFactory().textNode(text.toString().strip());
      }
    }

    private JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw call.failure(
            FailureTypes.AGENT_FAILED, "the server sent a body that is not JSON.", true);
      }
    }

    private static String errorMessage(JsonNode body) {
      JsonNode error = body.path("error");
      if (error.path("message").isTextual()) {
        return error.get("message").asText();
      }
      if (error.isTextual()) {
        return error.asText();
      }
      if (body.path("message").isTextual()) {
        return body.get("message").asText();
      }
      String text = body.isTextual() ? body.asText() : body.toString();
      return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** OpenAI's {@code usage}: prompt tokens include the cached ones, as Skein counts input. */
    private static Usage usage(JsonNode usage) {
      return new Usage(
          usage.path("prompt_tokens").asLong(),
          usage.path("completion_tokens").asLong(),
          usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
          null);
    }

    /** A server may echo the key back in an error; it never leaves this class. */
    private String redact(String text) {
      return key == null ? text : text.replace(key, "[redacted]");
    }
  }
}
