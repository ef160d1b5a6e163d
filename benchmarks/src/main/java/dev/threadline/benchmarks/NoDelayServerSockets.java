package dev.threadline.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections send at once ({@code TCP_NODELAY}), as a production HTTP server's do
 * (uvicorn sets it). {@link mockwebserver3.MockWebServer} leaves Nagle's algorithm on, so a response written as
 * headers and then body waits for the client's delayed ACK: about 40 ms per request on loopback, the same
 * for every client, which would drown what a benchmark of a request's latency is after.
 */
final class NoDelayServerSockets extends ServerSocketFactory {
  @Override public ServerSocket createServerSocket() throws IOException {
    return new ServerSocket() {
      @Override public Socket accept() throws IOException {
        Socket socket = super.accept();
        socket.setTcpNoDelay(true);
        return socket;
      }
    };
  }

  @Override public ServerSocket createServerSocket(int port) throws IOException {
    return createServerSocket(port, 50, null);
  }

  @Override public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return createServerSocket(port, backlog, null);
  }

  @Override public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
    ServerSocket socket = createServerSocket();
    socket.bind(new InetSocketAddress(address, port), backlog);
    return socket;
  }
}
