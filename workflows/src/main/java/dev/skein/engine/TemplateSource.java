package dev.skein.engine;

import dev.skein.contract.RenderRequest;
import dev.skein.template.TemplateContext;

/**
 * What one agent call's templates read, for the {@link Launcher}: a context to render with in the
 * workflow, or, when they read an output kept outside history, the same context as values for the
 * worker to render with.
 */
interface TemplateSource {

  /** Whether the prompt, {@code with} or agent templates read a stored output. */
  boolean rendersStoredOutput();

  /** The context for rendering in the workflow (every output it reads is inline). */
  TemplateContext context();

  /** The context for the worker, stored outputs as references. */
  RenderRequest.Context forWorker();
}
