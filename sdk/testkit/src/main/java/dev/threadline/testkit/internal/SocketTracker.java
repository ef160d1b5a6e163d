package dev.threadline.testkit.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * A server socket factory that lets a response find its own TCP connection, so a fault can reset it (RST)
 * instead of closing it politely. MockWebServer reads a request, dispatches it and writes the response on
 * one thread; every read through a tracked socket records that socket for its thread.
 */
public final class SocketTracker extends ServerSocketFactory {
  private static final ThreadLocal<Socket> CURRENT = new ThreadLocal<>();

  /** The connection the calling thread last read a request from, or null. */
  public static Socket current() {
    return CURRENT.get();
  }

  /** Resets {@code socket}: the peer gets a TCP RST instead of a FIN. Quiet if it is already closed. */
  public static void reset(Socket socket) {
    if (socket == null) return;
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // Already gone: the peer sees a failure either way.
    }
  }

  @Override public ServerSocket createServerSocket() throws IOException {
    return new TrackingServerSocket();
  }

  @Override public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket socket = new TrackingServerSocket();
    socket.bind(new InetSocketAddress(port));
    return socket;
  }

  @Override public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket socket = new TrackingServerSocket();
    socket.bind(new InetSocketAddress(port), backlog);
    return socket;
  }

  @Override public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    ServerSocket socket = new TrackingServerSocket();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }

  private static final class TrackingServerSocket extends ServerSocket {
    TrackingServerSocket() throws IOException {
      super();
    }

    @Override public Socket accept() throws IOException {
      TrackedSocket socket = new TrackedSocket();
      implAccept(socket);
      return socket;
    }
  }

  private static final class TrackedSocket extends Socket {
    private InputStream in;

    @Override public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new FilterInputStream(super.getInputStream()) {
          @Override public int read() throws IOException {
            CURRENT.set(TrackedSocket.this);
            return super.read();
          }

          @Override public int read(byte[] b, int off, int len) throws IOException {
            CURRENT.set(TrackedSocket.this);
            return super.read(b, off, len);
          }
        };
      }
      return in;
    }
  }
}
