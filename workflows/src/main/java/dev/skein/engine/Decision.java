package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The argument of the {@code decide} update: a person's decision on a waiting gate.
 *
 * @param step the step that waits
 * @param task the fan-out task that waits, null for the step itself
 * @param action {@code approve} or {@code reject} for an approval step; {@code retry}, {@code skip}
 *     or {@code fail} for a step or task paused on a failure
 * @param by who decided (free text, kept in the approval's output); may be null
 * @param comment why (free text, kept in the approval's output); may be null
 * @param prompt with {@code retry}: the prompt the agent is asked instead of the step's own
 * @param output with {@code skip}: the output the step or task gets instead of the agent's
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(
    String step,
    Integer task,
    String action,
    String by,
    String comment,
    String prompt,
    String output) {

  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String RETRY = "retry";
  public static final String SKIP = "skip";
  public static final String FAIL = "fail";

  public static final List<String> APPROVAL_ACTIONS = List.of(APPROVE, REJECT);
  public static final List<String> PAUSE_ACTIONS = List.of(RETRY, SKIP, FAIL);

  public static Decision approve(String step, String by, String comment) {
    return new Decision(step, null, APPROVE, by, comment, null, null);
  }

  public static Decision reject(String step, String by, String comment) {
    return new Decision(step, null, REJECT, by, comment, null, null);
  }

  /** How the gate is named on the command line: {@code STEP} or {@code STEP#TASK}. */
  public String label() {
    return task == null ? step : step + "#" + task;
  }
}
