package dev.threadline.kotlin

import app.cash.turbine.test
import dev.threadline.ChatItem
import dev.threadline.ChatbotClient
import dev.threadline.ConnectionState.Kind
import dev.threadline.NotFoundException
import dev.threadline.ReadPolicy
import dev.threadline.ThreadState
import dev.threadline.UserInput
import dev.threadline.testkit.FakeChatbotExtension
import dev.threadline.testkit.FakeChatbotServer
import dev.threadline.testkit.Fault
import dev.threadline.testkit.Round
import java.time.Duration
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.extension.RegisterExtension

/** The thread flows against the testkit's fake backend, collected with Turbine as a screen would. */
class ThreadFlowsTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension =
    FakeChatbotExtension.create { it.token("token-alice", "alice").pacing(Duration.ofMillis(40)).seed(7) }

  private val clients = mutableListOf<ChatbotClient>()

  private fun client(server: FakeChatbotServer): ChatbotClient = aliceClient(server).also { clients += it }

  @AfterTest fun closeClients() {
    clients.forEach(ChatbotClient::close)
  }

  @Test fun aSendsFlowShowsThePromptAtOnceThenStreamsInToTheServersTruth() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(3))
    val call = client(server).send(UserInput.of("What is our refund policy?"))

    call.threadFlow().test(timeout = 10.seconds) {
      val first = awaitItem()
      assertTrue(first.hasPendingWrites(), "the prompt shows at once, pending: $first")
      assertEquals("What is our refund policy?", first.items().single().message())
      val done = awaitItemMatching { it.connection().kind() == Kind.COMPLETED }
      val workflowId = assertNotNull(done.workflowId(), "the round named its thread")
      assertEquals(server.truth(workflowId).items(), done.items())
      cancelAndIgnoreRemainingEvents()
    }
    assertEquals(1, server.countRequests("POST", "/api/chatbot/start/stream"), "the prompt went out once")
  }

  @Test fun oneCollectionGoesOnAcrossADroppedStreamAndItsReRead() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "First question", "First answer.")
    val client = client(server)

    client.threadFlow(id).test(timeout = 15.seconds) {
      val before = awaitItemMatching { !it.isFromCache() }
      assertEquals(server.truth(id).items(), before.items())
      server.script().nextRound(Round.reply("Second answer, after a flicker.").logs(3))
      server.faults().nextStreams(1, Fault.resetAfterEvents(2))
      client.send(UserInput.builder("And then?").workflowId(id).build())
      val done = awaitItemMatching { it.connection().kind() == Kind.COMPLETED && it.items().size > 2 }
      assertEquals(server.truth(id).items(), done.items(), "nothing lost, nothing twice")
      assertEquals("Second answer, after a flicker.", done.items().last().message())
      cancelAndIgnoreRemainingEvents()
    }
    assertTrue(client.stats().resyncs() >= 1, "the stream dropped and the thread was re-read: ${client.stats()}")
  }

  @Test fun aRunningThreadIsNoLongerReReadOnceItsCollectionIsCancelled() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.longRun(Duration.ofSeconds(3)))
    val id = aliceClient(server).use { sender -> sender.send(UserInput.of("Run for a while")).awaitWorkflowId() }
    val watcher = client(server)

    watcher.threadFlow(id).test(timeout = 10.seconds) {
      val seen = awaitItemMatching { !it.isFromCache() }
      assertEquals(id, seen.workflowId())
      cancel()
    }
    Thread.sleep(300)                                        // a read already under way may still answer
    val readsAtCancel = reReads(server, id)
    server.awaitRoundFinished(id, Duration.ofSeconds(10))
    Thread.sleep(1500)                                       // longer than the backoff's first delays
    val readsAfter = reReads(server, id) - readsAtCancel
    assertTrue(readsAfter <= 1, "re-reads of a thread nobody observes any more: $readsAfter")
  }

  @Test fun aCacheOnlyFlowShowsTheCachedThreadAndAsksTheServerNothing() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "First question", "First answer.")
    val client = client(server)
    val read = client.threadFlow(id).first { !it.isFromCache() }
    val readsBefore = reReads(server, id)

    client.threadFlow(id, readPolicy = ReadPolicy.CACHE_ONLY).test(timeout = 10.seconds) {
      val cached = awaitItem()
      assertTrue(cached.isFromCache(), "$cached")
      assertEquals(read.items(), cached.items())
      cancelAndIgnoreRemainingEvents()
    }
    client.threadListFlow(readPolicy = ReadPolicy.CACHE_ONLY).test(timeout = 10.seconds) {
      val cached = awaitItem()
      assertTrue(cached.isFromCache(), "$cached")
      assertEquals(listOf(id), cached.threads().map { it.id() })
      cancelAndIgnoreRemainingEvents()
    }
    assertEquals(readsBefore, reReads(server, id), "a cache-only thread flow asked the server")
    assertEquals(0, listReads(server), "a cache-only list flow asked the server")
  }

  @Test fun aMissingThreadFailsItsFlowWithNotFound() = runTest {
    val client = client(fake.server())
    client.threadFlow("wf_missing").test(timeout = 10.seconds) {
      assertIs<NotFoundException>(awaitErrorAfterItems())
    }
  }

  @Test fun deletingACollectedThreadEmptiesItsState() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "Soon gone", "An answer.")
    val client = client(server)
    client.threadFlow(id).test(timeout = 10.seconds) {
      awaitItemMatching { !it.isFromCache() }
      client.awaitDelete(id)
      val gone = awaitItemMatching { it.items().isEmpty() }
      assertEquals(null, gone.workflow())
      assertEquals(Kind.IDLE, gone.connection().kind())
      cancelAndIgnoreRemainingEvents()
    }
  }

  @Test fun theConnectionFlowSaysEachChangeOnce() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.reply("Fine.").logs(3))
    val client = client(server)
    val id = client.send(UserInput.of("Hello")).awaitWorkflowId()

    val kinds = client.connectionFlow(id).takeWhile { it.kind() != Kind.COMPLETED }.toList().map { it.kind() }
    assertEquals(kinds.distinct().size, kinds.size, "no repeats: $kinds")
    assertEquals(kinds.zipWithNext().count { (a, b) -> a == b }, 0)
  }

  @Test fun aConflatedFlowHandsASlowCollectorOnlyTheNewestState() = runTest {
    val afterTheRound = statesAfterASlowStart(FlowBuffer.Conflated)
    assertEquals(Kind.COMPLETED, afterTheRound.last().connection().kind())
    assertTrue(afterTheRound.size <= 2, "a conflated flow keeps only the newest state: ${afterTheRound.size}")
  }

  @Test fun aDropOldestFlowKeepsTheNewestStatesUpToItsCapacity() = runTest {
    val afterTheRound = statesAfterASlowStart(FlowBuffer.DropOldest(3))
    assertEquals(Kind.COMPLETED, afterTheRound.last().connection().kind())
    assertTrue(afterTheRound.size in 3..4, "three waited, the older ones were dropped: ${afterTheRound.size}")
  }

  @Test fun anUnlimitedFlowKeepsEveryStateTheObserverGot() = runTest {
    val afterTheRound = statesAfterASlowStart(FlowBuffer.Unlimited)
    assertEquals(Kind.COMPLETED, afterTheRound.last().connection().kind())
    assertTrue(afterTheRound.size >= 6, "every log, the stat and the answer waited: ${afterTheRound.size}")
  }

  @Test fun aSlowCollectorsChangesLeadFromTheStateItGotBeforeWhateverTheBufferDropped() = runTest {
    for (buffer in listOf(FlowBuffer.Conflated, FlowBuffer.DropOldest(2), FlowBuffer.Unlimited)) {
      val states = statesOfASlowStart(buffer)
      val shown = mutableListOf<ChatItem>()
      for (state in states) {
        state.changes().applyTo(shown, state.items())
        assertEquals(state.items(), shown, "$buffer: ${state.changes()}")
      }
      assertTrue(states.first().changes().isReset())
      assertTrue(states.drop(1).none { it.changes().isReset() })
    }
  }

  @Test fun aBufferNeedsRoomForOneState() {
    assertFailsWith<IllegalArgumentException> { FlowBuffer.DropOldest(0) }
  }

  /**
   * The states a collector gets after it sat on the send's first state until the round ended: what the
   * flow's buffer kept for it meanwhile.
   */
  private suspend fun statesAfterASlowStart(buffer: FlowBuffer): List<ThreadState> = statesOfASlowStart(buffer).drop(1)

  /** The send's first state, which the collector sat on until the round ended, and those after it. */
  private suspend fun statesOfASlowStart(buffer: FlowBuffer): List<ThreadState> {
    val server = fake.server()
    server.script().nextRound(Round.reply("An answer in many steps.").logs(5))
    val call = client(server).send(UserInput.of("Take your time"))
    val roundEnded = CompletableDeferred<Unit>()
    var first = true
    val states = call.threadFlow(buffer)
      .onEach {
        if (first) {
          first = false
          call.awaitResult()
          roundEnded.complete(Unit)
        }
      }
      .transformWhile { emit(it); it.connection().kind() != Kind.COMPLETED }
      .toList()
    assertTrue(roundEnded.isCompleted)
    return states
  }

  private fun listReads(server: FakeChatbotServer): Int = server.requests().count {
    it.method() == "GET" && it.path() == "/api/chatbot/threads" && it.queryParameter("workflowId") == null
  }

  private fun reReads(server: FakeChatbotServer, workflowId: String): Int = server.requests().count {
    it.method() == "GET" && it.path() == "/api/chatbot/threads" && workflowId == it.queryParameter("workflowId")
  }
}
