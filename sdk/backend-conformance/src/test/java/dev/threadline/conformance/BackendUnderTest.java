package dev.threadline.conformance;

import dev.threadline.testkit.Round;
import java.time.Duration;
import okhttp3.HttpUrl;

/** What {@link BackendContract} needs of a backend besides its HTTP routes: how to set the scene. */
interface BackendUnderTest {
  /** The root URL; the routes are under {@code api/chatbot/}. */
  HttpUrl baseUrl();

  /** The bearer token of {@code user} (one of alice, bob, carol). */
  String token(String user);

  /** The next {@code POST /start/stream} plays {@code round}. */
  void scriptNextRound(Round round);

  /** Stores a finished workflow of {@code user} that is not in Chatbot mode; returns its id. */
  String createNonChatbotWorkflow(String user, String name);

  /** DELETE of {@code workflowId} answers 403 from now on. */
  void markNotDeletable(String workflowId);

  /** The stream's keepalive interval, real time. */
  Duration keepaliveInterval();

  /** The stream's time limit, real time. */
  Duration streamTimeLimit();
}
