package io.associationgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** The stack of a real thread caught waiting or running is classified as such. */
class BlockedThreadWarningsTest {

  private static volatile boolean stop;

  @Test
  void aThreadThatSleepsParksOrWaitsOnAMonitorIsWaiting() throws Exception {
    assertThat(BlockedThreadWarnings.isWaiting(stackOf(() -> sleep(10_000)))).as("sleep").isTrue();
    assertThat(BlockedThreadWarnings.isWaiting(stackOf(() -> LockSupport.parkNanos(10_000_000_000L)))).as("park").isTrue();
    var monitor = new Object();
    assertThat(BlockedThreadWarnings.isWaiting(stackOf(() -> {
      synchronized (monitor) {
        try {
          monitor.wait(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }))).as("Object.wait").isTrue();
  }

  @Test
  void aThreadInABlockingSocketReadIsWaiting() throws Exception {
    try (var server = new ServerSocket(0); var client = new Socket("127.0.0.1", server.getLocalPort()); var accepted = server.accept()) {
      assertThat(BlockedThreadWarnings.isWaiting(stackOf(() -> {
        try {
          client.getInputStream().read();
        } catch (IOException e) {
          // closed when the test ends
        }
      }))).as("socket read").isTrue();
    }
  }

  @Test
  void aThreadThatComputesIsNotWaiting() throws Exception {
    assertThat(BlockedThreadWarnings.isWaiting(stackOf(BlockedThreadWarningsTest::spin))).as("computing").isFalse();
  }

  @Test
  void aWarningIsClassifiedByTheStackItCarriesAndOneWithoutAStackIsNotWaiting() throws Exception {
    var warnings = new BlockedThreadWarnings();
    var blocked = new io.vertx.core.VertxException("Thread blocked");
    blocked.setStackTrace(stackOf(() -> sleep(10_000)).toArray(StackTraceElement[]::new));
    var withStack = new LogRecord(Level.WARNING, "Thread x has been blocked for 310 ms, time limit is 100 ms");
    withStack.setThrown(blocked);
    warnings.publish(withStack);
    warnings.publish(new LogRecord(Level.WARNING, "Thread y has been blocked for 110 ms, time limit is 100 ms"));

    assertThat(warnings.all()).hasSize(2);
    assertThat(warnings.waiting()).singleElement().satisfies(warning -> assertThat(warning.message()).contains("310 ms"));
  }

  /** Runs the task on a new thread and returns that thread's stack once it has settled into the task. */
  private static List<StackTraceElement> stackOf(Runnable task) throws Exception {
    stop = false;
    var started = new CountDownLatch(1);
    var thread = new Thread(() -> {
      started.countDown();
      task.run();
    });
    thread.setDaemon(true);
    thread.start();
    started.await();
    try {
      Thread.sleep(200);
      return Arrays.asList(thread.getStackTrace());
    } finally {
      stop = true;
      thread.interrupt();
      LockSupport.unpark(thread);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void spin() {
    var x = 0L;
    while (!stop) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.println(x);
    }
  }
}
