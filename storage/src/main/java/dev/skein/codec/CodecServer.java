package dev.skein.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Temporal's remote codec protocol over HTTP, so the Web UI and {@code temporal workflow show
 * --codec-endpoint} show decrypted payloads: {@code POST /decode} and {@code POST /encode} (also
 * under a namespace segment, {@code /{namespace}/decode}) take and return {@code {"payloads":
 * [...]}} in protobuf's JSON form (metadata values and data in base64).
 *
 * <p>With a token, a request must carry {@code Authorization: Bearer <token>} (or the bare token);
 * others get 401 and nothing decrypted. With a CORS origin, browsers on that origin may call it
 * (preflight {@code OPTIONS} answered without the token, as browsers send none there).
 */
public final class CodecServer implements AutoCloseable {

  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final PayloadCodec codec;
  private final Optional<String> corsOrigin;
  private final Optional<String> token;

  private CodecServer(
      HttpServer server, PayloadCodec codec, Optional<String> corsOrigin, Optional<String> token) {
    this.server = server;
    this.codec = codec;
    this.corsOrigin = corsOrigin;
    this.token = token;
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Listens on {@code address} (port 0: a free one) until closed.
   *
   * @throws IOException when the port cannot be bound
   */
  public static CodecServer start(
      InetSocketAddress address,
      PayloadCodec codec,
      Optional<String> corsOrigin,
      Optional<String> token)
      throws IOException {
    CodecServer s =
        new CodecServer(
            HttpServer.create(address, 0), codec, corsOrigin, token.filter(t -> !t.isBlank()));
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      cors(exchange);
      String path = exchange.getRequestURI().getPath();
      boolean decode = path.endsWith("/decode");
      boolean encode = path.endsWith("/encode");
      if (!decode && !encode) {
        send(exchange, 404, "{\"message\":\"not found: POST /encode or /decode\"}");
        return;
      }
      String method = exchange.getRequestMethod();
      if (method.equals("OPTIONS")) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        send(exchange, 405, "{\"message\":\"use POST\"}");
        return;
      }
      if (!authorized(exchange)) {
        send(exchange, 401, "{\"message\":\"a valid Authorization token is required\"}");
        return;
      }
      Payloads.Builder request = Payloads.newBuilder();
      try {
        JsonFormat.parser().ignoringUnknownFields().merge(body(exchange), request);
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        send(exchange, 400, message("the body is not {\"payloads\": [...]}"));
        return;
      }
      List<Payload> result;
      try {
        result =
            decode
                ? codec.decode(request.getPayloadsList())
                : codec.encode(request.getPayloadsList());
      } catch (EncryptionKeyException e) {
        send(exchange, 400, message(e.getMessage()));
        return;
      }
      send(
          exchange,
          200,
          JsonFormat.printer()
              .omittingInsignificantWhitespace()
              .print(Payloads.newBuilder().addAllPayloads(result).build()));
    }
  }

  private void cors(HttpExchange exchange) {
    if (corsOrigin.isEmpty()) {
      return;
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String allowed = corsOrigin.get();
    if (origin == null || !(allowed.equals("*") || allowed.equals(origin))) {
      return;
    }
    var h = exchange.getResponseHeaders();
    h.set("Access-Control-Allow-Origin", origin);
    h.set("Vary", "Origin");
    h.set("Access-Control-Allow-Methods", "POST, OPTIONS");
    h.set("Access-Control-Allow-Headers", "Content-Type, X-Namespace, Authorization");
    h.set("Access-Control-Allow-Credentials", "true");
    h.set("Access-Control-Max-Age", "600");
  }

  private boolean authorized(HttpExchange exchange) {
    if (token.isEmpty()) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null) {
      return false;
    }
    String bare = given.regionMatches(true, 0, "Bearer ", 0, 7) ? given.substring(7) : given;
    return MessageDigest.isEqual(
        bare.strip().getBytes(StandardCharsets.UTF_8),
        token.get().getBytes(StandardCharsets.UTF_8));
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IllegalArgumentException("body too large");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String message(String text) {
    return "{\"message\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
