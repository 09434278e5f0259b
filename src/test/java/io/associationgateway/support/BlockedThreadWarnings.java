package io.associationgateway.support;

import java.util.Arrays;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

/**
 * Collects Vert.x's blocked-thread warnings and tells a waiting event loop from a slow one.
 *
 * <p>With {@code quarkus.vertx.warning-exception-time} below the execute-time limit, every warning carries the event
 * loop's stack as the checker saw it. A loop caught parked, sleeping, in {@code Object.wait} or in a blocking socket
 * call was waiting for something (an upstream, Redis, a lock): that is the bug such a test exists to catch, and it
 * shows however loaded the machine is. A loop caught running code was only slow (a GC pause or the JIT on a busy
 * machine stretches a task past the limit); how long work takes belongs to the benchmark suite.
 */
public final class BlockedThreadWarnings {

  /** Top frames ({@code class.method} prefixes) of a thread that waits instead of running. */
  private static final List<String> WAITING_FRAMES = List.of(
      "jdk.internal.misc.Unsafe.park",
      "java.lang.Thread.sleep",
      "java.lang.Object.wait",
      "sun.nio.ch.Net.poll",
      "sun.nio.ch.Net.connect",
      "sun.nio.ch.SocketDispatcher.read",
      "java.net.SocketInputStream.socketRead");

  /** One warning: its message and the event loop's stack when it was seen (empty without one). */
  public record Warning(String message, List<StackTraceElement> stack) {

    static Warning of(LogRecord record) {
      return new Warning(LogCapture.message(record),
          record.getThrown() == null ? List.of() : Arrays.asList(record.getThrown().getStackTrace()));
    }

    /** Whether the loop was waiting rather than running when the checker looked. */
    public boolean waiting() {
      return isWaiting(this.stack);
    }

    @Override
    public String toString() {
      return this.message + this.stack.stream().limit(12).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
    }
  }

  /** Vert.x's checker logs here. */
  private final LogCapture checker = new LogCapture("io.vertx.core.impl.BlockedThreadChecker");

  /** Whether a stack, top frame first, is that of a thread waiting rather than running. */
  public static boolean isWaiting(List<StackTraceElement> stack) {
    if (stack.isEmpty()) {
      return false;
    }
    var top = stack.get(0).getClassName() + "." + stack.get(0).getMethodName();
    return WAITING_FRAMES.stream().anyMatch(top::startsWith);
  }

  public void attach() {
    this.checker.attach();
  }

  public void detach() {
    this.checker.detach();
  }

  /** Every warning seen while attached. */
  public List<Warning> all() {
    return this.checker.records().stream().map(Warning::of).toList();
  }

  /** The warnings that caught an event loop waiting. */
  public List<Warning> waiting() {
    return all().stream().filter(Warning::waiting).toList();
  }

  /** Takes one record as if the checker had logged it (for tests of the classification). */
  void publish(LogRecord record) {
    this.checker.publish(record);
  }
}
