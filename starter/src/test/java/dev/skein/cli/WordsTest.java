package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void oneIsSingularEverythingElsePlural() {
    assertThat(Words.count(1, "step")).isEqualTo("1 step");
    assertThat(Words.count(0, "step")).isEqualTo("0 steps");
    assertThat(Words.count(2, "attempt")).isEqualTo("2 attempts");
  }
}
