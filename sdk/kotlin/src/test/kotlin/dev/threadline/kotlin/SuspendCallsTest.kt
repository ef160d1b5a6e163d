package dev.threadline.kotlin

import dev.threadline.ChatbotClient
import dev.threadline.ConnectionState.Kind
import dev.threadline.CredentialsProvider
import dev.threadline.NotFoundException
import dev.threadline.PageRequest
import dev.threadline.UnauthorizedException
import dev.threadline.UserInput
import dev.threadline.WorkflowStatus
import dev.threadline.testkit.FakeChatbotExtension
import dev.threadline.testkit.Fault
import dev.threadline.testkit.Round
import java.time.Duration
import kotlin.test.AfterTest
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import okhttp3.OkHttpClient
import org.junit.jupiter.api.extension.RegisterExtension

/** The suspend forms of the one-shot calls, against the testkit's fake backend. */
class SuspendCallsTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension = FakeChatbotExtension.create { it.token("token-alice", "alice").seed(3) }

  private val okHttp = OkHttpClient()
  private val client: ChatbotClient by lazy { aliceClient(fake.server(), okHttp = okHttp) }

  @AfterTest fun closeClient() {
    client.close()
  }

  @Test fun awaitSendReturnsTheEndedRound() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.reply("Refunds take 5 days.").logs(2))
    val done = client.awaitSend(UserInput.of("What is our refund policy?"))
    assertEquals(Kind.COMPLETED, done.connection().kind())
    val workflowId = assertNotNull(done.workflowId(), "the round named its thread")
    assertEquals(server.truth(workflowId).items(), done.items())
  }

  @Test fun awaitWorkflowIdReturnsWhileTheRoundRunsAndAwaitStopEndsIt() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.longRun(Duration.ofSeconds(60)))
    val call = client.send(UserInput.of("Draft the annual report"))
    val id = call.awaitWorkflowId()
    assertEquals("running", server.truth(id).workflow().statusText())

    val stopped = client.awaitStop(id)
    assertEquals(WorkflowStatus.STOPPED, stopped.status())
    assertEquals(Kind.STOPPED, call.awaitResult().connection().kind())
    assertEquals("stopped", server.truth(id).workflow().statusText())
  }

  @Test fun awaitThreadAndAwaitThreadPageReadWhatTheServerHas() = runTest {
    val server = fake.server()
    val older = server.createThread("alice", "Older", "An answer.")
    val newer = server.createThread("alice", "Newer", "Another answer.")
    assertEquals(server.truth(older).items(), client.awaitThread(older).items())
    assertEquals(listOf(newer, older), client.awaitThreadPage(PageRequest.firstPage(20)).threads().map { it.id() })
  }

  @Test fun allThreadsFlowReadsOnlyThePagesTheCollectorReaches() = runTest {
    val server = fake.server()
    val ids = (1..3).map { server.createThread("alice", "Thread $it", "Answer $it.") }
    assertEquals(ids.reversed(), client.allThreadsFlow(PageRequest.firstPage(1)).toList().map { it.id() })
    server.clearRequests()
    assertEquals(listOf(ids.last()), client.allThreadsFlow(PageRequest.firstPage(1)).take(1).toList().map { it.id() })
    assertEquals(1, server.countRequests("GET", "/api/chatbot/threads"), "take(1) reads one page")
  }

  @Test fun awaitDeleteRemovesTheThreadAndAMissingThreadIsNotFound() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "Soon gone", "An answer.")
    client.awaitDelete(id)
    assertFalse(server.hasThread(id))
    assertFailsWith<NotFoundException> { client.awaitThread(id) }
    assertFailsWith<NotFoundException> { client.awaitDelete(id) }
  }

  @Test fun aRefusedSendThrowsTheSdksException() = runTest {
    val stranger = ChatbotClient.builder().baseUrl(fake.server().url())
      .credentials(CredentialsProvider.bearer("not-a-token")).callbackExecutor(Runnable::run).build()
    stranger.use {
      assertFailsWith<UnauthorizedException> { it.awaitSend(UserInput.of("Hello")) }
    }
  }

  @Test fun cancellingTheCallerCancelsTheRequest() = runTest {
    val server = fake.server()
    val id = server.createThread("alice", "Slow to read", "An answer.")
    server.faults().nextRequests("GET", "/api/chatbot/threads", 1, Fault.slowFirstByte(Duration.ofSeconds(60)))
    val reading = launch(Dispatchers.Default) { client.awaitThread(id) }
    server.awaitRequests("GET", "/api/chatbot/threads", 1, Duration.ofSeconds(10))
    assertEquals(1, okHttp.dispatcher.runningCallsCount())

    reading.cancelAndJoin()
    val deadline = System.nanoTime() + 10_000_000_000
    while (okHttp.dispatcher.runningCallsCount() > 0 && System.nanoTime() < deadline) Thread.sleep(20)
    assertEquals(0, okHttp.dispatcher.runningCallsCount(), "the HTTP call was cancelled with the coroutine")
  }
}
