package dev.threadline.testkit.internal;

import dev.threadline.testkit.ResumeMode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The parts of one fake server that its routes and streams share, wired once at start. Immutable; the
 * parts themselves are thread-safe.
 */
public final class ServerCore {
  final ThreadRepository repository;
  final AssistantSimulator simulator;
  final Activity activity;
  final FaultPlan faults;
  final RoundQueue script;
  final SeededRandom random;
  final RequestLog requests;
  final RateLimiter rateLimiter;
  final Credentials credentials;
  final ResumeMode resumeMode;
  final Duration keepalive;
  final Duration streamLimit;
  final Duration pacing;
  final CountDownLatch closing = new CountDownLatch(1);

  /** Wires the parts. */
  public ServerCore(ThreadRepository repository, AssistantSimulator simulator, Activity activity,
      FaultPlan faults, RoundQueue script, SeededRandom random, RequestLog requests,
      RateLimiter rateLimiter, Credentials credentials, ResumeMode resumeMode, Duration keepalive,
      Duration streamLimit, Duration pacing) {
    this.repository = repository;
    this.simulator = simulator;
    this.activity = activity;
    this.faults = faults;
    this.script = script;
    this.random = random;
    this.requests = requests;
    this.rateLimiter = rateLimiter;
    this.credentials = credentials;
    this.resumeMode = resumeMode;
    this.keepalive = keepalive;
    this.streamLimit = streamLimit;
    this.pacing = pacing;
  }

  /** Releases every stream: stalls end, subscriptions close, rounds stop. Called before the socket closes. */
  public void shutdown() {
    closing.countDown();
    repository.closeAllStreams();
  }
}
