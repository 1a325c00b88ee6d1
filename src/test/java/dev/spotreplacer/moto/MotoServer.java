package dev.spotreplacer.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * moto's EC2 emulator ({@code moto_server}, Python), an EC2 no one here wrote, on a free port of
 * 127.0.0.1 for one test class; stopped by its own process handle.
 */
final class MotoServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MotoServer start() {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process;
    try {
      process = new ProcessBuilder(System.getProperty("moto.server", "moto_server"), "-H", "127.0.0.1",
          "-p", String.valueOf(port))
          .redirectErrorStream(true)
          .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto_server (pip install 'moto[server]'): " + e.getMessage(), e);
    }
    MotoServer server = new MotoServer(process, port);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited with " + process.exitValue());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    server.close();
    throw new IllegalStateException("moto_server did not listen on port " + port + " within 30 s");
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
