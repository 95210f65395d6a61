package dev.skein.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ids in a Linux {@code /proc/PID/stat} line: {@code pid (comm) state ppid pgrp session ...}.
 * comm may hold spaces and parentheses, so the fields are read after the last ')'.
 */
record ProcStat(long pid, long ppid, long pgrp, long session) {

  static ProcStat parse(String line) {
    int close = line.lastIndexOf(')');
    long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).strip());
    String[] rest = line.substring(close + 2).strip().split(" ");
    return new ProcStat(
        pid, Long.parseLong(rest[1]), Long.parseLong(rest[2]), Long.parseLong(rest[3]));
  }

  static ProcStat of(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProcStat self() {
    return of(ProcessHandle.current().pid());
  }
}
