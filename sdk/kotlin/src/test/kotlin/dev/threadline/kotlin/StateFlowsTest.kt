package dev.threadline.kotlin

import app.cash.turbine.test
import dev.threadline.ChatItem
import dev.threadline.ChatbotClient
import dev.threadline.ConnectionState.Kind
import dev.threadline.NotFoundException
import dev.threadline.testkit.FakeChatbotExtension
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.isActive
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.extension.RegisterExtension

/** The screens' StateFlows: shared, observed while collected plus a grace period, never failing their scope. */
// advanceTimeBy and runCurrent put the grace period on virtual time.
@OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)
class StateFlowsTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension = FakeChatbotExtension.create { it.token("token-alice", "alice").seed(11) }

  /** Counts what the client hands its callback executor: observer calls, once nothing else is pending. */
  private val deliveries = AtomicInteger()
  private var client: ChatbotClient? = null

  @AfterTest fun closeClient() {
    client?.close()
  }

  @Test fun theThreadStateFlowStartsEmptyAndShowsTheServersThread() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "A question", "An answer.")
    val client = aliceClient(server).also { client = it }
    val thread = client.threadStateIn(id, backgroundScope)
    assertEquals(emptyThread(id), thread.value)

    thread.test(timeout = 10.seconds) {
      assertEquals(emptyThread(id), awaitItem())
      val shown = awaitItemMatching { !it.isFromCache() }
      assertEquals(server.truth(id).items(), shown.items())
      assertEquals(Kind.COMPLETED, shown.connection().kind())
    }
  }

  @Test fun aStateFlowCollectedThroughWithChangesSinceCollectedRebuildsEachValueFromTheOneSeenBefore() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "A question", "An answer.")
    val client = aliceClient(server).also { client = it }
    val shown = mutableListOf<ChatItem>()

    client.threadStateIn(id, backgroundScope).withChangesSinceCollected().test(timeout = 10.seconds) {
      var state = awaitItem()
      assertTrue(state.changes().isReset())
      while (true) {
        state.changes().applyTo(shown, state.items())
        assertEquals(state.items(), shown)
        if (!state.isFromCache() && state.isFinished()) break
        state = awaitItem()
        assertFalse(state.changes().isReset())
      }
      cancelAndIgnoreRemainingEvents()
    }
    assertEquals(server.truth(id).items(), shown)
  }

  @Test fun aMissingThreadBecomesAFailedStateInsteadOfFailingTheScope() = runTest {
    val client = aliceClient(fake.server()).also { client = it }
    val thread = client.threadStateIn("wf_missing", backgroundScope)

    thread.test(timeout = 10.seconds) {
      val gone = awaitItemMatching { it.connection().kind() == Kind.FAILED }
      assertIs<NotFoundException>(gone.connection().cause())
      assertEquals("wf_missing", gone.workflowId())
    }
    assertTrue(backgroundScope.isActive, "a missing thread does not cancel the ViewModel's scope")
  }

  @Test fun theListStateFlowObservesWhileCollectedAndForTheGracePeriodAfter() = runTest {
    val server = fake.server()
    server.createThread("alice", "Kept thread", "An answer.")
    val client = aliceClient(server, Executor { task -> deliveries.incrementAndGet(); task.run() }).also { client = it }
    val list = client.threadListStateIn(backgroundScope)
    runCurrent()
    assertTrue(list.value.threads().isEmpty() && list.value.isFromCache())
    assertEquals(0, listReads(), "nothing is observed before a screen collects")

    list.test(timeout = 10.seconds) {
      awaitItemMatching { !it.isFromCache() && it.threads().size == 1 }
      cancelAndIgnoreRemainingEvents()
    }
    advanceTimeBy(DEFAULT_STOP_TIMEOUT_MILLIS - 1_000)      // a rotation later, still observed
    server.createThread("alice", "Made during the grace period", "…")
    client.refreshThreads()
    waitFor("the list refreshed while nobody collected it") { runCurrent(); list.value.threads().size == 2 }

    advanceTimeBy(2_000)                                    // the grace period is over
    runCurrent()
    val deliveriesAfterGrace = settledDeliveries()
    server.createThread("alice", "Made after the grace period", "…")
    client.refreshThreads()
    Thread.sleep(500)
    assertEquals(deliveriesAfterGrace, deliveries.get(), "the list observer was closed after the grace period")
    assertEquals(2, list.value.threads().size)
  }

  private fun listReads(): Int = fake.server().requests().count {
    it.method() == "GET" && it.path() == "/api/chatbot/threads" && it.queryParameter("workflowId") == null
  }

  /** The delivery count once it stopped changing (the observer's close follows the flow's asynchronously). */
  private fun settledDeliveries(): Int {
    var last = -1
    repeat(50) {
      if (deliveries.get() == last) return last
      last = deliveries.get()
      Thread.sleep(100)
    }
    return deliveries.get()
  }

  private inline fun waitFor(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + 10_000_000_000
    while (!condition()) {
      if (System.nanoTime() > deadline) throw AssertionError("timed out: $what")
      Thread.sleep(20)
    }
  }
}
