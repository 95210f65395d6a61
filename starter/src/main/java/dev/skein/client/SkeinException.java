package dev.skein.client;

/** Something the client could not do; the message is one sentence for a person. */
public class SkeinException extends RuntimeException {

  public SkeinException(String message) {
    super(message);
  }

  public SkeinException(String message, Throwable cause) {
    super(message, cause);
  }
}
