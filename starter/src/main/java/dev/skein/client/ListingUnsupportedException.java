package dev.skein.client;

/** The service keeps no visibility store to list runs from (Temporal's in-memory service). */
public final class ListingUnsupportedException extends SkeinException {

  public ListingUnsupportedException(String message, Throwable cause) {
    super(message, cause);
  }
}
