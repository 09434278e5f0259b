package io.associationgateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the records one log category receives while it is attached. */
public final class LogCapture extends Handler {

  private final String category;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  public LogCapture(String category) {
    this.category = category;
  }

  public void attach() {
    Logger.getLogger(this.category).addHandler(this);
  }

  public void detach() {
    Logger.getLogger(this.category).removeHandler(this);
  }

  /** The records received, oldest first. */
  public List<LogRecord> records() {
    return List.copyOf(this.records);
  }

  /** The records' messages, formatted. */
  public List<String> messages() {
    return this.records.stream().map(LogCapture::message).toList();
  }

  public static String message(LogRecord record) {
    return record.getParameters() == null ? record.getMessage() : String.format(record.getMessage(), record.getParameters());
  }

  @Override
  public void publish(LogRecord record) {
    this.records.add(record);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
