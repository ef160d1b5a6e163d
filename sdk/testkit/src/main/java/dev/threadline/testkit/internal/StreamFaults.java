package dev.threadline.testkit.internal;

import dev.threadline.testkit.Fault;
import java.time.Duration;
import java.util.List;

/** The faults of one stream, resolved to event positions (-1: not planned). Immutable. */
final class StreamFaults {
  static final StreamFaults NONE = new StreamFaults();

  int resetAt = -1;
  int cleanCloseAt = -1;
  int stallAt = -1;
  int malformedAt = -1;
  int unknownTypeAt = -1;
  boolean duplicate;
  Duration timeLimit;
  Duration firstByteDelay = Duration.ZERO;
  Fault status;

  private StreamFaults() {}

  /** Resolves {@code faults}; random positions come from {@code random}. */
  static StreamFaults of(List<Fault> faults, SeededRandom random) {
    if (faults.isEmpty()) return NONE;
    StreamFaults result = new StreamFaults();
    for (Fault fault : faults) {
      switch (fault.kind()) {
        case RESET_AFTER_EVENTS: result.resetAt = fault.events(); break;
        case RESET_AT_RANDOM_EVENT: result.resetAt = random.between(1, fault.events()); break;
        case CLEAN_CLOSE_AFTER_EVENTS: result.cleanCloseAt = fault.events(); break;
        case STALL_AFTER_EVENTS: result.stallAt = fault.events(); break;
        case DUPLICATE_EVENTS: result.duplicate = true; break;
        case MALFORMED_LINE: result.malformedAt = fault.events(); break;
        case UNKNOWN_TYPE: result.unknownTypeAt = fault.events(); break;
        case SLOW_FIRST_BYTE: result.firstByteDelay = fault.duration(); break;
        case TIME_LIMIT: result.timeLimit = fault.duration(); break;
        case STATUS: result.status = fault; break;
        default: throw new AssertionError(fault);
      }
    }
    return result;
  }
}
