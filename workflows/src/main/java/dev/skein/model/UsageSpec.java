package dev.skein.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * How a command agent's usage is read from what the tool prints ({@code usage:}).
 *
 * @param extractor one of {@link #EXTRACTORS}
 * @param paths for {@code json}: which dotted path of the output holds each figure ({@code
 *     input_tokens}, {@code output_tokens}, {@code cached_tokens}, {@code cost_usd}); null
 *     otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageSpec(String extractor, Map<String, String> paths) {

  public static final String NONE = "none";
  public static final String CLAUDE = "claude";
  public static final String CODEX = "codex";
  public static final String GEMINI = "gemini";
  public static final String JSON = "json";

  public static final List<String> EXTRACTORS = List.of(CLAUDE, CODEX, GEMINI, JSON, NONE);

  /** The figures a {@code json} extractor can name. */
  public static final List<String> FIGURES =
      List.of("input_tokens", "output_tokens", "cached_tokens", "cost_usd");

  public UsageSpec {
    paths = paths == null ? null : Map.copyOf(paths);
  }
}
