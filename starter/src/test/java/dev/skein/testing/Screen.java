package dev.skein.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A terminal screen of a given size fed the bytes a program wrote to it: printable characters with
 * deferred auto-wrap, CR, LF (scrolling the top row into scrollback), backspace, and the escapes
 * the live view uses (cursor up, previous line, erase in display and in line; colours and other CSI
 * sequences take no room). Enough to see what a person would see, and what the scrollback collects.
 */
public final class Screen {

  private final int rows;
  private final int columns;
  private final char[][] cells;
  private final boolean[] wrapped;
  private final List<String> scrollback = new ArrayList<>();
  private int row;
  private int col;
  private int wraps;

  public Screen(int rows, int columns) {
    this.rows = rows;
    this.columns = columns;
    this.cells = new char[rows][columns];
    this.wrapped = new boolean[rows];
    for (char[] line : cells) {
      Arrays.fill(line, ' ');
    }
  }

  /**
   * Feeds text (decoded as UTF-8 by the caller); {@code beforeRepaint} sees the screen each time a
   * repaint begins (an escape that moves the cursor up), that is, the screen as it stood.
   */
  public void feed(String text, Consumer<Screen> beforeRepaint) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\033' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
        int end = i + 2;
        while (end < text.length() && !Character.isLetter(text.charAt(end))) {
          end++;
        }
        if (end >= text.length()) {
          return;
        }
        String args = text.substring(i + 2, end);
        char command = text.charAt(end);
        if ((command == 'F' || command == 'A') && beforeRepaint != null) {
          beforeRepaint.accept(this);
        }
        csi(command, args);
        i = end + 1;
        continue;
      }
      if (c == '\033') {
        i += 2;
        continue;
      }
      put(c);
      i++;
    }
  }

  private void csi(char command, String args) {
    int n =
        args.isEmpty() || !args.chars().allMatch(Character::isDigit) ? 1 : Integer.parseInt(args);
    int mode =
        args.isEmpty() || !args.chars().allMatch(Character::isDigit) ? 0 : Integer.parseInt(args);
    switch (command) {
      case 'F' -> {
        row = Math.max(0, row - n);
        col = 0;
      }
      case 'A' -> row = Math.max(0, row - n);
      case 'J' -> {
        if (mode == 0) {
          clear(row, col, columns);
          for (int r = row + 1; r < rows; r++) {
            clear(r, 0, columns);
            wrapped[r] = false;
          }
        }
      }
      case 'K' -> clear(row, Math.min(col, columns), columns);
      default -> {} // colours and the rest take no room
    }
  }

  private void put(char c) {
    switch (c) {
      case '\r' -> col = 0;
      case '\n' -> lineFeed();
      case '\b' -> col = Math.max(0, col - 1);
      case '\t' -> col = Math.min(columns - 1, (col / 8 + 1) * 8);
      case '\007' -> {}
      default -> {
        if (c < ' ') {
          return;
        }
        if (col >= columns) {
          // Deferred wrap: only a character after the last column moves to the next row.
          col = 0;
          lineFeed();
          wrapped[row] = true;
          wraps++;
        }
        cells[row][col++] = c;
      }
    }
  }

  private void lineFeed() {
    if (row == rows - 1) {
      scrollback.add(line(0));
      System.arraycopy(cells, 1, cells, 0, rows - 1);
      System.arraycopy(wrapped, 1, wrapped, 0, rows - 1);
      cells[rows - 1] = new char[columns];
      Arrays.fill(cells[rows - 1], ' ');
      wrapped[rows - 1] = false;
    } else {
      row++;
    }
  }

  private void clear(int r, int from, int to) {
    for (int c = from; c < to; c++) {
      cells[r][c] = ' ';
    }
  }

  private String line(int r) {
    return new String(cells[r]).stripTrailing();
  }

  /** The rows on screen now, trailing blanks removed. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      lines.add(line(r));
    }
    return lines;
  }

  /** Whether row {@code r} holds the continuation of a line too wide for the screen. */
  public boolean isContinuation(int r) {
    return wrapped[r];
  }

  /** What scrolled off the top, oldest first. */
  public List<String> scrollback() {
    return List.copyOf(scrollback);
  }

  /** Lines that were wider than the screen and wrapped, since the start. */
  public int wraps() {
    return wraps;
  }
}
