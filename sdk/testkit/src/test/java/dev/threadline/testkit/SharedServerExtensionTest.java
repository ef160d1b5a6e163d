package dev.threadline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension on a static field: the test class shares one server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedServerExtensionTest {
  @RegisterExtension
  static final FakeChatbotExtension FAKE = FakeChatbotExtension.create();
  static FakeChatbotServer first;

  @Test @Order(1) void first(FakeChatbotServer server) {
    first = server;
    server.createThread("test-user", "Q", "A");
  }

  @Test @Order(2) void second() {
    assertSame(first, FAKE.server());
    assertEquals(1, FAKE.server().threadsOf("test-user").size());
  }
}
