package dev.threadline.kotlin

import dev.threadline.UserInput
import dev.threadline.testkit.FakeChatbotExtension
import dev.threadline.testkit.Round
import java.awt.EventQueue
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.extension.RegisterExtension

/**
 * The README's desktop example: with kotlinx-coroutines-swing, `Dispatchers.Main` is the Swing event
 * thread, and the flows and suspend calls deliver there (headless: the event thread needs no display).
 */
class SwingMainDispatcherTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension = FakeChatbotExtension.create { it.token("token-alice", "alice").seed(13) }

  @Test fun flowsAndSuspendCallsOnDispatchersMainRunOnTheEventThread() = runBlocking {
    val server = fake.server()
    server.createThread("alice", "Listed", "An answer.")
    server.script().nextRound(Round.reply("On the event thread."))
    aliceClient(server).use { client ->
      withContext(Dispatchers.Main) {
        val list = client.threadListFlow().first { !it.isFromCache() }
        assertTrue(EventQueue.isDispatchThread(), "the collector runs on the event thread")
        assertEquals(1, list.threads().size)
        val done = client.awaitSend(UserInput.of("Where am I?"))
        assertTrue(EventQueue.isDispatchThread(), "a suspend call resumes on the event thread")
        assertEquals("On the event thread.", done.items().last().message())
      }
    }
  }
}
