package dev.skein.cli;

/** Output formats of {@code skein graph}. */
enum GraphFormat {
  text,
  mermaid,
  dot
}
