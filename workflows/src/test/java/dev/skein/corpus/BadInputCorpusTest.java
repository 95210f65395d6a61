package dev.skein.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.testkit.HostileDocuments;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed document in {@code bad-inputs/} is rejected by the same parser the CLI and the
 * workflow use, with a message that names the problem, and without exhausting the stack or the
 * heap. {@code expected.tsv} maps each file to a lowercase fragment its message must contain.
 */
class BadInputCorpusTest {

  private static final String CORPUS = "/bad-inputs";

  /** Files in the corpus directory that are not documents. */
  private static final Set<String> NOT_DOCUMENTS = Set.of("expected.tsv", "README.md");

  /** Catches hangs (a parser looping on a hostile document); not a speed target. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /** The hostile documents, written when the tests run. */
  @TempDir static Path hostile;

  @TestFactory
  Stream<DynamicTest> everyBadInputIsRejectedNamingTheProblem() throws IOException {
    Path dir = corpus();
    Stream<DynamicTest> written =
        expected().entrySet().stream()
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        e.getKey(), () -> assertRejected(dir.resolve(e.getKey()), e.getValue())));
    Stream<DynamicTest> made =
        HostileDocuments.writeTo(hostile).entrySet().stream()
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        e.getKey(),
                        () -> assertRejected(hostile.resolve(e.getKey()), e.getValue())));
    return Stream.concat(written, made);
  }

  @Test
  void corpusIsLargeAndEveryFileHasAnExpectation() throws IOException {
    Set<String> files;
    try (Stream<Path> list = Files.list(corpus())) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> !NOT_DOCUMENTS.contains(n))
              .collect(Collectors.toSet());
    }
    Map<String, String> expected = expected();

    assertThat(files.size() + HostileDocuments.all().size()).isGreaterThanOrEqualTo(30);
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(files);
  }

  private static void assertRejected(Path file, String fragment) {
    Throwable thrown =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () -> catchThrowable(() -> PipelineParser.parse(PipelineDocument.read(file))),
            () -> file.getFileName() + " was not decided within " + HANG_GUARD);

    assertThat(thrown)
        .as("%s must be rejected as an invalid pipeline", file.getFileName())
        .isInstanceOf(InvalidPipelineException.class);
    assertThat(thrown.getMessage().toLowerCase(Locale.ROOT))
        .as("message for %s", file.getFileName())
        .contains(fragment);
  }

  /** File name -> fragment, in file order. Lines starting with {@code #} are comments. */
  private static Map<String, String> expected() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(corpus().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      assertThat(cells).as("expected.tsv line: %s", line).hasSize(2);
      assertThat(expected.put(cells[0], cells[1])).as("listed twice: %s", cells[0]).isNull();
      assertThat(cells[1]).as("fragment for %s", cells[0]).isNotBlank().isLowerCase();
    }
    return expected;
  }

  private static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getResource(CORPUS).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
