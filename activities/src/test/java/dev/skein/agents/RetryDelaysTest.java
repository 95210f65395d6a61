package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {

  @Test
  void readsTheFiguresServicesAndCliToolsPrint() {
    assertThat(RetryDelays.fromText("HTTP/1.1 429\nRetry-After: 2\n"))
        .contains(Duration.ofSeconds(2));
    assertThat(RetryDelays.fromText("Rate limit reached. Please try again in 1.5s."))
        .contains(Duration.ofMillis(1500));
    assertThat(RetryDelays.fromText("try again in 250ms")).contains(Duration.ofMillis(250));
    assertThat(RetryDelays.fromText("Try again in 20 seconds")).contains(Duration.ofSeconds(20));
    assertThat(RetryDelays.fromText("try again in 2 minutes")).contains(Duration.ofMinutes(2));
  }

  @Test
  void noFigureMeansNoDelayAndHugeFiguresAreCapped() {
    assertThat(RetryDelays.fromText("rate limited, sorry")).isEmpty();
    assertThat(RetryDelays.fromText(null)).isEmpty();
    assertThat(RetryDelays.fromText("retry-after: 86400")).contains(RetryDelays.MAX);
  }

  @Test
  void readsDeltaSecondsHeadersOnly() {
    assertThat(RetryDelays.fromHeader(Optional.of(" 7 "))).contains(Duration.ofSeconds(7));
    assertThat(RetryDelays.fromHeader(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEmpty();
    assertThat(RetryDelays.fromHeader(Optional.empty())).isEmpty();
  }
}
