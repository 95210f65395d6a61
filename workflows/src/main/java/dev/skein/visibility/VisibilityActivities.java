package dev.skein.visibility;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Asks the namespace which of Skein's search attributes it has. The workflow calls it once, as a
 * local activity, before it upserts any: its answer is recorded in history (a marker), so replay
 * upserts exactly what the first execution did, and a namespace without the attributes never sees
 * an upsert it would refuse.
 */
@ActivityInterface
public interface VisibilityActivities {

  String SEARCH_ATTRIBUTES = "SkeinSearchAttributes";

  /** The names of {@link SkeinSearchAttributes#ALL} registered as Keyword; empty if unknown. */
  @ActivityMethod(name = SEARCH_ATTRIBUTES)
  List<String> registeredSearchAttributes();
}
