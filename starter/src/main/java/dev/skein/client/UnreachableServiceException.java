package dev.skein.client;

/** The Temporal service did not answer at the configured address (or refused the credentials). */
public final class UnreachableServiceException extends SkeinException {

  private final String address;

  public UnreachableServiceException(String address, String message, Throwable cause) {
    super(message, cause);
    this.address = address;
  }

  public String address() {
    return address;
  }
}
