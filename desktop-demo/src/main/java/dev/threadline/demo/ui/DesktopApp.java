package dev.threadline.demo.ui;

import dev.threadline.ChatbotEventListener;
import dev.threadline.demo.DemoSession;
import dev.threadline.demo.Options;
import dev.threadline.desktop.SwingExecutor;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

/** Starts the window: opens the session off the event thread, then builds and shows the window on it. */
public final class DesktopApp {
  private DesktopApp() {}

  /**
   * Opens the session {@code options} describe and shows the window; {@code onExit} runs after the user
   * closed it (or when the session could not open). Call from the main thread, not the event thread.
   */
  public static void launch(Options options, Runnable onExit) {
    if (GraphicsEnvironment.isHeadless()) {
      System.err.println("error: no display for the window (is DISPLAY set?); the command line works without one:"
          + " try --help");
      System.exit(1);
    }
    DemoSession session;
    try {
      session = DemoSession.open(options, SwingExecutor.INSTANCE, ChatbotEventListener.NONE);
    } catch (RuntimeException e) {
      SwingUtilities.invokeLater(() -> {
        Theme.install();
        JOptionPane.showMessageDialog(null, "The demo could not start:\n" + e.getMessage(), "Threadline",
            JOptionPane.ERROR_MESSAGE);
        onExit.run();
      });
      return;
    }
    SwingUtilities.invokeLater(() -> {
      Theme.install();
      new ChatWindow(session, onExit).show();
    });
  }

  /**
   * Opens the session and shows the window, returning once it is visible (for tests). Call from a thread
   * other than the event thread.
   */
  public static ChatWindow open(DemoSession session) throws InterruptedException, InvocationTargetException {
    AtomicReference<ChatWindow> window = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      Theme.install();
      ChatWindow created = new ChatWindow(session, () -> { });
      created.show();
      window.set(created);
    });
    return window.get();
  }
}
