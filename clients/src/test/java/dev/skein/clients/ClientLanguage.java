package dev.skein.clients;

import java.util.ArrayList;
import java.util.List;

/** The example clients in other languages, and how a user runs each one from the repository. */
enum ClientLanguage {
  /** {@code clients/python/skein_run.py}, with the project venv's Python (tools/install-tools). */
  PYTHON("Python") {
    @Override
    List<String> command() {
      return List.of(
          Tools.python().toString(), Repository.path("clients/python/skein_run.py").toString());
    }
  },

  /** {@code clients/typescript}: npm ci, compiled by its pinned tsc, run by Node. */
  TYPESCRIPT("TypeScript") {
    @Override
    List<String> command() {
      Tools.npmPackages("clients/typescript");
      Tools.npmRun("clients/typescript", "build");
      return List.of(
          Tools.node(), Repository.path("clients/typescript/dist/skein-run.js").toString());
    }
  };

  private final String label;

  ClientLanguage(String label) {
    this.label = label;
  }

  /** The command line up to its arguments, installing or building what it needs first. */
  abstract List<String> command();

  List<String> command(List<String> args) {
    List<String> all = new ArrayList<>(command());
    all.addAll(args);
    return all;
  }

  /** As the client names itself in the workflow's summary: "(started from Python)". */
  String label() {
    return label;
  }

  @Override
  public String toString() {
    return label + " client";
  }
}
