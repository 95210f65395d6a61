package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A join whose output is not repeated in the record because it is made of its branches' outputs,
 * which the record has: {@code text} is {@code [id]:\n<output>} blocks separated by a blank line,
 * {@code structured} an object keyed by branch id (failed branches as error envelopes, skipped ones
 * left out). Skein's clients put it together when they print a result.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JoinRecord(String mode, List<String> branches) {}
