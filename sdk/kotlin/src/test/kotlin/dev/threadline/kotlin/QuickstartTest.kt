package dev.threadline.kotlin

import dev.threadline.ChatItem
import dev.threadline.ChatbotClient
import dev.threadline.ConnectionState
import dev.threadline.CredentialsProvider
import dev.threadline.PageRequest
import dev.threadline.UserInput
import dev.threadline.testkit.FakeChatbotExtension
import dev.threadline.testkit.Round
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.extension.RegisterExtension

/** README's Kotlin quickstart, kept compiling and working. Keep the two in step. */
class QuickstartTest {
  @JvmField @RegisterExtension
  val fake: FakeChatbotExtension = FakeChatbotExtension.create { it.token("my-token", "me") }

  @Test fun theReadmeQuickstartRuns() = runTest {
    val server = fake.server()
    server.createThread("me", "Where is my order?", "It ships tomorrow.")
    server.script().nextRound(Round.reply("Refunds take 5 days."))
    val baseUrl = server.url().toString()
    val shown = mutableListOf<String>()
    val scope = backgroundScope

    // --- README quickstart ---
    val client = ChatbotClient.builder()
      .baseUrl(baseUrl)                                      // e.g. "https://chat.example.com"
      .credentials(CredentialsProvider.bearer { "my-token" })
      .build()

    // One-shot calls suspend; they throw the SDK's exceptions (NotFoundException, …).
    val page = client.awaitThreadPage(PageRequest.firstPage(20))
    page.threads().forEach { println("${it.name()} ${it.status()}") }

    // Send a prompt; collect its thread while the answer streams in.
    val call = client.send(UserInput.of("What is our refund policy?"))
    val screen = scope.launch {
      call.threadFlow().collect { state ->                   // conflated: a slow screen gets the newest state
        shown += state.items().filter { it.type() == ChatItem.TYPE_MESSAGE }.map { "${it.role()}: ${it.message()}" }
        println(state.connection())                          // CONNECTING, STREAMING, … COMPLETED
      }
    }
    val done = call.awaitResult()                            // or call.awaitWorkflowId() to return sooner
    screen.cancel()                                          // cancelling closes the subscription
    client.close()
    // --- end of quickstart ---

    assertEquals(1, page.threads().size)
    assertEquals(ConnectionState.Kind.COMPLETED, done.connection().kind())
    assertEquals(listOf("user: What is our refund policy?", "assistant: Refunds take 5 days."),
      done.items().filter { it.type() == ChatItem.TYPE_MESSAGE }.map { "${it.role()}: ${it.message()}" })
    assertEquals("user: What is our refund policy?", shown.first())
  }
}
