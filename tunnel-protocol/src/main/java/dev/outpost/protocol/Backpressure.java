package dev.outpost.protocol;

import io.netty.channel.Channel;

/**
 * How every relay in the data plane keeps a fast side from flooding a slow one: the reader of one
 * channel pauses while the channel it writes to is full, and resumes when that one drains.
 */
public final class Backpressure {

  private Backpressure() {}

  /**
   * After writing to {@code writer}: if it is full, flush it, and pause {@code reader} only if it
   * is still full then. Unflushed bytes count as pending, so pausing without flushing would wait
   * for ever; pausing after a flush that emptied it would miss the writability event that resumes.
   *
   * <p>The writer may run on another event loop (a public client and a tunnel stream often do), so
   * it can drain, and its writability event resume the reader, between the check and the pause.
   * Writability is set before that event fires, so looking once more after pausing sees it: either
   * the event comes after the pause and resumes, or the second look does.
   */
  public static void pauseIfFull(Channel writer, Channel reader) {
    if (!writer.isWritable()) {
      writer.flush();
      if (!writer.isWritable()) {
        reader.config().setAutoRead(false);
        if (writer.isWritable()) {
          reader.config().setAutoRead(true);
        }
      }
    }
  }

  /** The writer's writability changed: {@code reader} reads while it is writable. */
  public static void follow(boolean writable, Channel reader) {
    reader.config().setAutoRead(writable);
    if (writable) {
      reader.read();
    }
  }
}
