package dev.skein.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

  @Test
  void readsBinaryAndDecimalUnits() {
    assertThat(ByteSizes.parse("1024")).isEqualTo(1024);
    assertThat(ByteSizes.parse("256KiB")).isEqualTo(256 * 1024);
    assertThat(ByteSizes.parse("1MiB")).isEqualTo(1024 * 1024);
    assertThat(ByteSizes.parse("2GiB")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(ByteSizes.parse("10KB")).isEqualTo(10_000);
    assertThat(ByteSizes.parse("3mb")).isEqualTo(3_000_000);
  }

  @Test
  void refusesOtherForms() {
    for (String bad : new String[] {"", "1.5MiB", "-1", "ten", "5TiB", "999999999999999GiB"}) {
      assertThatThrownBy(() -> ByteSizes.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid size");
    }
  }
}
