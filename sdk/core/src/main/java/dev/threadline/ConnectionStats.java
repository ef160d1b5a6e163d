package dev.threadline;

/** Counters of a client's connection health since it was built. Immutable snapshot. */
public final class ConnectionStats {
  private final long streamsOpened;
  private final long reconnects;
  private final long resyncs;
  private final long duplicatesAbsorbed;
  private final long bytesReceived;
  private final long gaveUp;

  /** A snapshot of the given counts. */
  public ConnectionStats(long streamsOpened, long reconnects, long resyncs, long duplicatesAbsorbed,
      long bytesReceived, long gaveUp) {
    this.streamsOpened = streamsOpened;
    this.reconnects = reconnects;
    this.resyncs = resyncs;
    this.duplicatesAbsorbed = duplicatesAbsorbed;
    this.bytesReceived = bytesReceived;
    this.gaveUp = gaveUp;
  }

  /** Streams that opened. */
  public long streamsOpened() {
    return streamsOpened;
  }

  /** Retries scheduled after a failure. */
  public long reconnects() {
    return reconnects;
  }

  /** Full re-reads of a thread. */
  public long resyncs() {
    return resyncs;
  }

  /** Copies of items the merge recognised as already held (the backend's duplicates, re-reads). */
  public long duplicatesAbsorbed() {
    return duplicatesAbsorbed;
  }

  /** Bytes of stream bodies received. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Recoveries that used up their time budget. */
  public long gaveUp() {
    return gaveUp;
  }

  @Override public String toString() {
    return "ConnectionStats(streams " + streamsOpened + ", reconnects " + reconnects + ", resyncs " + resyncs
        + ", duplicates " + duplicatesAbsorbed + ", bytes " + bytesReceived + ", gave up " + gaveUp + ")";
  }
}
