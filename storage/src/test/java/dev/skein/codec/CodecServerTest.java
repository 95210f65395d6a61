package dev.skein.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The remote codec protocol over loopback HTTP: round trip, token, CORS, wrong routes. */
class CodecServerTest {

  private static final String ORIGIN = "http://127.0.0.1:8233";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static CodecServer server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    server =
        CodecServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            new EncryptionCodec(EncryptionKeys.of(EncryptionCodecTest.newKey())),
            Optional.of(ORIGIN),
            Optional.of("t0ken"));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void encodeThenDecodeGivesThePayloadBackAndTheTokenIsRequired() throws Exception {
    String plain =
        "{\"payloads\":[{\"metadata\":{\"encoding\":\""
            + b64("json/plain")
            + "\"},\"data\":\""
            + b64("\"secret text\"")
            + "\"}]}";

    HttpResponse<String> encoded =
        post("/encode", plain, "Authorization", "Bearer t0ken", "X-Namespace", "default");
    JsonNode sealed = JSON.readTree(encoded.body()).path("payloads").get(0);
    HttpResponse<String> decoded =
        post(
            "/default/decode",
            JSON.writeValueAsString(
                JSON.createObjectNode().set("payloads", JSON.createArrayNode().add(sealed))),
            "Authorization",
            "t0ken");
    HttpResponse<String> anonymous = post("/decode", plain);
    HttpResponse<String> wrong = post("/decode", plain, "Authorization", "Bearer other");

    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
    assertThat(
            new String(
                Base64.getDecoder().decode(sealed.path("metadata").path("encoding").asText())))
        .isEqualTo("binary/encrypted");
    assertThat(encoded.body()).doesNotContain(b64("\"secret text\""));
    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    JsonNode back = JSON.readTree(decoded.body()).path("payloads").get(0);
    assertThat(new String(Base64.getDecoder().decode(back.path("data").asText())))
        .isEqualTo("\"secret text\"");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("secret");
  }

  @Test
  void preflightFromTheUiOriginIsAnsweredWithoutAToken() throws Exception {
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> otherOrigin =
        post(
            "/decode",
            "{\"payloads\":[]}",
            "Origin",
            "http://evil.example",
            "Authorization",
            "t0ken");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .contains("X-Namespace")
        .contains("Authorization");
    assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void otherRoutesAndMethodsAndBadBodiesAreRefused() throws Exception {
    HttpResponse<String> unknown = post("/download", "{}", "Authorization", "t0ken");
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/decode")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> bad = post("/decode", "not json", "Authorization", "t0ken");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(bad.statusCode()).isEqualTo(400);
  }
}
