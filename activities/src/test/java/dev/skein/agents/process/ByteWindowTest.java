package dev.skein.agents.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteWindowTest {

  private static void write(ByteWindow window, String text) {
    window.append(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsEverythingThatFits() {
    ByteWindow window = ByteWindow.capped(10);
    write(window, "abc");
    write(window, "defghij");

    assertThat(window.text()).isEqualTo("abcdefghij");
    assertThat(window.truncated()).isFalse();
    assertThat(window.total()).isEqualTo(10);
  }

  @Test
  void keepsHeadAndTailAndSaysHowMuchWasDropped() {
    ByteWindow window = ByteWindow.capped(6);
    write(window, "012");
    write(window, "3456789");

    assertThat(window.truncated()).isTrue();
    assertThat(window.text()).isEqualTo("012\n[... 4 bytes omitted ...]\n789");
    assertThat(window.text(false)).isEqualTo("012789");
  }

  @Test
  void aTailWindowKeepsTheLastBytes() {
    ByteWindow window = ByteWindow.tail(4);
    write(window, "first line\nlast\n");

    assertThat(window.text(false)).isEqualTo("ast\n");
    assertThat(window.lastLine()).isEqualTo("last");
  }
}
