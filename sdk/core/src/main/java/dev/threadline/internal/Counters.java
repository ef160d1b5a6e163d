package dev.threadline.internal;

import dev.threadline.ConnectionStats;
import java.util.concurrent.atomic.AtomicLong;

/** A client's connection counters, updated from the engine and network threads. Thread-safe. */
public final class Counters {
  final AtomicLong streamsOpened = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();
  final AtomicLong resyncs = new AtomicLong();
  final AtomicLong duplicatesAbsorbed = new AtomicLong();
  final AtomicLong bytesReceived = new AtomicLong();
  final AtomicLong gaveUp = new AtomicLong();

  /** A snapshot of the counters. */
  public ConnectionStats snapshot() {
    return new ConnectionStats(streamsOpened.get(), reconnects.get(), resyncs.get(), duplicatesAbsorbed.get(),
        bytesReceived.get(), gaveUp.get());
  }
}
