package dev.threadline.kotlin

import app.cash.turbine.turbineScope
import dev.threadline.ConnectionState.Kind
import dev.threadline.RoundRef
import dev.threadline.UserInput
import dev.threadline.testkit.FakeChatbotExtension
import dev.threadline.testkit.Fault
import dev.threadline.testkit.Round
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.extension.RegisterExtension

/** The client's event listener calls as a SharedFlow, seen by two collectors at once. */
class ConnectionEventsTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension = FakeChatbotExtension.create { it.token("token-alice", "alice").seed(5) }

  @Test fun everyCollectorSeesTheNetworkChangesTheStreamAndItsReset() = runTest {
    val server = fake.server()
    server.script().nextRound(Round.reply("After a flicker.").logs(3))
    server.faults().nextStreams(1, Fault.resetAfterEvents(2))
    val events = ConnectionEvents()
    aliceClient(server, events = events).use { client ->
      turbineScope(timeout = 10.seconds) {
        val first = events.events.testIn(backgroundScope)
        val second = events.events.testIn(backgroundScope)
        client.networkLost()
        client.networkAvailable()
        val done = client.awaitSend(UserInput.of("Hello"))
        assertEquals(Kind.COMPLETED, done.connection().kind())

        for (collector in listOf(first, second)) {
          assertEquals(ConnectionEvent.NetworkChanged(false), collector.awaitItem())
          assertEquals(ConnectionEvent.NetworkChanged(true), collector.awaitItem())
          // The client's first send: its events carry its handle, 1, before the thread has an id and after.
          val opened = collector.awaitItemMatching { it is ConnectionEvent.StreamOpened }
          assertEquals(ConnectionEvent.StreamOpened(RoundRef.of(null, 1)), opened, "a new thread: no id yet")
          val reset = collector.awaitItemMatching { it is ConnectionEvent.StreamEnded } as ConnectionEvent.StreamEnded
          assertNotNull(reset.cause, "the reset is reported with its cause")
          assertEquals(1, reset.sendId)
          val resynced = collector.awaitItemMatching { it is ConnectionEvent.ResyncFinished }
          assertEquals(RoundRef.of(done.workflowId(), 1), resynced.round)
          collector.cancelAndIgnoreRemainingEvents()
        }
      }
    }
  }

  @Test fun aBufferNeedsRoomForOneEvent() {
    assertFailsWith<IllegalArgumentException> { ConnectionEvents(0) }
  }
}
