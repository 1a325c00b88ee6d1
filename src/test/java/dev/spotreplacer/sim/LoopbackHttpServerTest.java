package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.sim.LoopbackHttpServer.Request;
import dev.spotreplacer.sim.LoopbackHttpServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

  private final List<Request> received = new CopyOnWriteArrayList<>();
  private LoopbackHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackHttpServer.start(0, request -> {
      received.add(request);
      byte[] echo = (request.method() + " " + request.target() + " " + new String(request.body(), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      return new Response(200, Map.of("Content-Type", "text/plain"), echo);
    }, Executors.newCachedThreadPool(), "test");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRequestIsAnsweredWithItsBodyAndTheConnectionThenCloses() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST /b?Action=X HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\n\r\nhello");
      String answer = answer(socket);
      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 22\r\n")
          .contains("Connection: close\r\n").endsWith("POST /b?Action=X hello");
    }
    assertThat(received).hasSize(1);
    assertThat(received.get(0).rawQuery()).isEqualTo("Action=X");
    assertThat(received.get(0).header("CONTENT-LENGTH")).isEqualTo("5");
  }

  @Test
  void aChunkedBodyIsReassembledAndTrailersSkipped() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "4;ext=1\r\nAct\u0069\r\n6\r\non=Foo\r\n0\r\nX-Trailer: t\r\n\r\n");
      assertThat(answer(socket)).contains("POST /c Action=Foo");
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsRead() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertThat(readUntil(socket.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");
      send(socket, "ok");
      assertThat(answer(socket)).contains("POST /e ok");
    }
  }

  @Test
  void aMalformedRequestGets400AndTheConnectionClosesWithoutReachingTheHandler() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "NONSENSE\r\n\r\n");
      String answer = answer(socket);
      assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aBodyTooLargeIsRefusedBeforeAny100ContinueInvitesIt() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
      assertThat(answer(socket))
          .startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aRefusedRequestsBodyIsDrainedSoTheClientReadsTheAnswerNotAReset() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
      send(socket, "x".repeat(200_000)); // still writing after the answer went out
      assertThat(answer(socket))
          .startsWith("HTTP/1.1 501").contains("unsupported Transfer-Encoding: gzip");
    }
  }

  @Test
  void aHandlerThatFailsOrAnswersNothingGives500() throws IOException {
    for (LoopbackHttpServer.Handler broken : List.<LoopbackHttpServer.Handler>of(
        request -> {
          throw new IOException("disk on fire");
        },
        request -> null)) {
      try (LoopbackHttpServer other = LoopbackHttpServer.start(0, broken, Executors.newCachedThreadPool(), "broken");
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), other.port())) {
        socket.setSoTimeout(10_000);
        send(socket, "GET / HTTP/1.1\r\n\r\n");
        assertThat(answer(socket))
            .startsWith("HTTP/1.1 500 Internal Server Error").contains("the emulator failed");
      }
    }
  }

  @Test
  void conflictingContentLengthsAreRefused() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
      assertThat(answer(socket))
          .startsWith("HTTP/1.1 400").contains("conflicting Content-Length");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void anHttp10RequestIsAnsweredAndClosed() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /?Action=Y HTTP/1.0\r\n\r\n");
      String answer = answer(socket);
      assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Connection: close").contains("Date: ")
          .endsWith("GET /?Action=Y ");
    }
  }

  @Test
  void closeEndsConnectionsStillWaitingForTheirRequestSoNoThreadStaysInASocketRead() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET / HT"); // half a request line: its thread is reading
      server.close();
      assertThat(endOfStreamOrReset(socket)).isTrue();
    }
    assertThat(received).isEmpty();
  }

  /** Whether the connection ended: end of stream, or a reset if close() came before the accept. */
  private static boolean endOfStreamOrReset(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Everything the server sends until it closes the connection, as it does after each answer. */
  private static String answer(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      bytes.write(b);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
