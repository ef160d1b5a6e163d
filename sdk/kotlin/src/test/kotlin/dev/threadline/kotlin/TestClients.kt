package dev.threadline.kotlin

import app.cash.turbine.ReceiveTurbine
import dev.threadline.ChatbotClient
import dev.threadline.ChatbotEventListener
import dev.threadline.CredentialsProvider
import dev.threadline.testkit.FakeChatbotServer
import java.util.concurrent.Executor
import okhttp3.OkHttpClient

/** A client of [server] as user alice, calling back on [executor] (at once, on the SDK's thread, by default). */
internal fun aliceClient(
  server: FakeChatbotServer,
  executor: Executor = Executor(Runnable::run),
  events: ChatbotEventListener = ChatbotEventListener.NONE,
  okHttp: OkHttpClient? = null,
): ChatbotClient {
  val builder = ChatbotClient.builder().baseUrl(server.url())
    .credentials(CredentialsProvider.bearer("token-alice"))
    .callbackExecutor(executor)
    .eventListener(events)
  if (okHttp != null) builder.okHttpClient(okHttp)
  return builder.build()
}

/** Takes items until one matches [predicate], and returns it. */
internal suspend fun <T> ReceiveTurbine<T>.awaitItemMatching(predicate: (T) -> Boolean): T {
  while (true) {
    val item = awaitItem()
    if (predicate(item)) return item
  }
}

/** Skips items until the flow fails, and returns the failure. */
internal suspend fun <T> ReceiveTurbine<T>.awaitErrorAfterItems(): Throwable {
  while (true) {
    when (val event = awaitEvent()) {
      is app.cash.turbine.Event.Error -> return event.throwable
      is app.cash.turbine.Event.Complete -> throw AssertionError("the flow completed instead of failing")
      is app.cash.turbine.Event.Item -> continue
    }
  }
}
