package io.associationgateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the formatted messages one log category receives while it is attached. */
public final class LogCapture extends Handler {

  private final String category;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  public LogCapture(String category) {
    this.category = category;
  }

  public void attach() {
    Logger.getLogger(this.category).addHandler(this);
  }

  public void detach() {
    Logger.getLogger(this.category).removeHandler(this);
  }

  public List<String> messages() {
    return this.messages;
  }

  @Override
  public void publish(LogRecord record) {
    this.messages.add(record.getParameters() == null ? record.getMessage() : String.format(record.getMessage(), record.getParameters()));
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
