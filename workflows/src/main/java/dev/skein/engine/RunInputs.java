package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.skein.model.Pipeline;
import dev.skein.parse.InputProblems;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's inputs: the pipeline's declared defaults overridden by those given at start. Public so
 * that {@code skein plan} previews a run with the inputs the run would see.
 */
public final class RunInputs {

  private RunInputs() {}

  /** An input the pipeline does not declare is a problem: it is almost always a typo. */
  public static Map<String, JsonNode> resolve(Pipeline pipeline, Map<String, JsonNode> given)
      throws InvalidPipelineException {
    Map<String, JsonNode> resolved = new LinkedHashMap<>(pipeline.inputs());
    List<Problem> problems = new ArrayList<>();
    if (given != null) {
      given.forEach(
          (name, value) -> {
            Optional<Problem> undeclared = InputProblems.undeclared(pipeline, name);
            if (undeclared.isPresent()) {
              problems.add(undeclared.get());
            } else {
              resolved.put(name, value == null ? NullNode.getInstance() : value);
            }
          });
    }
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems);
    }
    return resolved;
  }
}
