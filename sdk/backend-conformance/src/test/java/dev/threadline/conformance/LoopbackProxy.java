package dev.threadline.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A TCP proxy on a free loopback port in front of a backend, to drop live connections on purpose:
 * {@link #cutAll()} resets every connection open through it (the client sees a connection reset, as when
 * a phone loses its network), and new connections work again right after. Thread-safe.
 */
public final class LoopbackProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final HttpUrl url;
  private final List<Socket> open = new ArrayList<>();
  private boolean closed;

  private LoopbackProxy(ServerSocket listener, InetSocketAddress target, HttpUrl url) {
    this.listener = listener;
    this.target = target;
    this.url = url;
  }

  /** A proxy forwarding to {@code backend} (an {@code http://127.0.0.1:port/…} URL). */
  public static LoopbackProxy to(HttpUrl backend) {
    return on(0, backend);
  }

  /**
   * A proxy on loopback port {@code port} (0: a free one) forwarding to {@code backend}: a client pointed at
   * a port nothing listened on finds the backend there from now on, as when a network comes back.
   */
  public static LoopbackProxy on(int port, HttpUrl backend) {
    try {
      ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
      HttpUrl url = backend.newBuilder().port(listener.getLocalPort()).build();
      LoopbackProxy proxy = new LoopbackProxy(listener, new InetSocketAddress(backend.host(), backend.port()), url);
      Thread acceptor = new Thread(proxy::accept, "loopback-proxy-accept");
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The backend's URL with the proxy's port: send requests here. */
  public HttpUrl url() {
    return url;
  }

  /** Resets every connection open through the proxy now; later connections go through as before. */
  public void cutAll() {
    List<Socket> live;
    synchronized (this) {
      live = new ArrayList<>(open);
      open.clear();
    }
    for (Socket socket : live) reset(socket);
  }

  private void accept() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Socket server = new Socket();
      try {
        server.connect(target);
      } catch (IOException e) {
        reset(client);
        continue;
      }
      if (!register(client, server)) return;
      pump(client, server);
      pump(server, client);
    }
  }

  private synchronized boolean register(Socket client, Socket server) {
    if (closed) {
      reset(client);
      reset(server);
      return false;
    }
    open.add(client);
    open.add(server);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        reset(to);
      } finally {
        forget(from);
      }
    }, "loopback-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private synchronized void forget(Socket socket) {
    open.remove(socket);
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Already closed.
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
  }

  /** Stops listening and resets every open connection. */
  @Override public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      listener.close();
    } catch (IOException e) {
      // Closing is all we want.
    }
    cutAll();
  }
}
