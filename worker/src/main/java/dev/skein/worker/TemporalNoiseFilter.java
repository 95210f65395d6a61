package dev.skein.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.ActivityWorkerShutdownException;
import org.slf4j.Marker;

/**
 * Drops two kinds of SDK log lines that say nothing Skein does not say better, in one line:
 *
 * <ul>
 *   <li>a poller's failure to reach the service (UNAVAILABLE, DEADLINE_EXCEEDED), logged with a
 *       stack trace on every retry, while a {@link ConnectionWatcher} reports the loss and the
 *       reconnect;
 *   <li>an activity ended by its worker's shutdown ({@code ActivityWorkerShutdownException}):
 *       Skein's own activity line says the worker is stopping and the service retries the step.
 * </ul>
 *
 * It also drops the SDK's WARN that all of a worker's slots were released at shutdown, which
 * reports success. Everything else, and every line of Skein's own loggers, passes. Installed by
 * logback.xml.
 */
public final class TemporalNoiseFilter extends TurboFilter {

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !logger.getName().startsWith("io.temporal.")) {
      return FilterReply.NEUTRAL;
    }
    if (logger.getName().endsWith(".ShutdownManager")
        && format != null
        && format.contains("successfully released")) {
      // A WARN that says shutdown went well.
      return FilterReply.DENY;
    }
    Throwable failure = t != null ? t : lastThrowable(params);
    if (failure == null) {
      return FilterReply.NEUTRAL;
    }
    if (causedBy(failure, ActivityWorkerShutdownException.class)) {
      return FilterReply.DENY;
    }
    if (ConnectionWatcher.anyRunning() && connectionLoss(failure)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /** SLF4J passes a trailing exception of a parameterized message as the last parameter. */
  private static Throwable lastThrowable(Object[] params) {
    if (params == null || params.length == 0) {
      return null;
    }
    return params[params.length - 1] instanceof Throwable last ? last : null;
  }

  static boolean connectionLoss(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      }
    }
    return false;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
