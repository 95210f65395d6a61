package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A step (or one fan-out task) waiting for a person's decision, as {@code progress} shows it.
 *
 * @param task the fan-out task that waits; null when the step itself does
 * @param kind {@code approval} (an approval step) or {@code pause} (a failure under {@code
 *     on_error: pause})
 * @param prompt what is to be decided: an approval's rendered prompt, or the failure of a paused
 *     step
 * @param since when the gate opened, workflow time, ISO-8601
 * @param until when its timeout ends it, null without one
 * @param accepts the decisions it takes: {@code approve}, {@code reject}; or {@code retry}, {@code
 *     skip}, {@code fail}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateRecord(
    Integer task, String kind, String prompt, String since, String until, List<String> accepts) {

  public static final String APPROVAL = "approval";
  public static final String PAUSE = "pause";

  /** How the gate is named on the command line: {@code STEP} or {@code STEP#TASK}. */
  public String label(String step) {
    return task == null ? step : step + "#" + task;
  }
}
