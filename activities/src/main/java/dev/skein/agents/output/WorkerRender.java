package dev.skein.agents.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.RenderRequest;
import dev.skein.model.AgentConfig;
import dev.skein.output.Materializer;
import dev.skein.storage.OutputStore;
import dev.skein.template.AgentConfigs;
import dev.skein.template.TemplateContext;
import dev.skein.template.Templates;

/**
 * Renders a request whose templates read outputs kept outside history: the workflow sent the
 * templates and their context with references, and this worker reads the referenced outputs from
 * the store (cached, so a thousand tasks that read one output read it once).
 */
public final class WorkerRender {

  private WorkerRender() {}

  /**
   * The request with its prompt, {@code with} and agent fields rendered; a request without a
   * deferred render is returned as it is.
   *
   * @throws dev.skein.template.TemplateException when a template does not render
   * @throws dev.skein.storage.StorageException when a referenced output cannot be read
   */
  public static AgentRequest apply(AgentRequest request, OutputStore store) {
    RenderRequest render = request.render();
    if (render == null) {
      return request;
    }
    TemplateContext context = render.context().toTemplateContext(new Materializer(store::get));
    String prompt = render.prompt() == null ? null : Templates.render(render.prompt(), context);
    JsonNode with = Templates.renderTree(render.with(), context);
    AgentConfig agent = AgentConfigs.render(request.agent(), context);
    return request.rendered(prompt, with, agent);
  }
}
