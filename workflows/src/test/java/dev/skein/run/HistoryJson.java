package dev.skein.run;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;

/** Values as the data converter writes them into history, for the wire-shape tests. */
public final class HistoryJson {

  // The converter every Skein client and worker starts from (Encryption wraps it with a codec).
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  private HistoryJson() {}

  /** The payload's JSON text, byte for byte. */
  public static String of(Object value) {
    return CONVERTER.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  /** The value decoded from its own payload, as a reader of the history gets it. */
  public static <T> T readBack(T value, Class<T> type) {
    return CONVERTER.fromPayload(CONVERTER.toPayload(value).orElseThrow(), type, type);
  }
}
