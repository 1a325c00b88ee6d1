package dev.spotreplacer.lambda;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway HTTP/1.1 answerer on 127.0.0.1 for priming: a POST gets {@link CannedEc2}'s answer
 * for its Action, a GET gets a container-credentials document for a key that works nowhere. It
 * lets priming take the same sockets, HTTP and credential-loading code the first real event takes.
 */
final class LoopbackAnswers implements AutoCloseable {

  static final String TOKEN = "priming-token";
  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
  private static final String CREDENTIALS = "{\"AccessKeyId\":\"ASIAPRIMING\",\"SecretAccessKey\":\"priming\","
      + "\"Token\":\"priming\",\"Expiration\":\"2099-01-01T00:00:00Z\"}";

  private final ServerSocket listener;
  private final Thread thread;

  LoopbackAnswers() throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::serve, "spot-replacer-priming-http");
    thread.setDaemon(true);
    thread.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        answer(socket);
      } catch (IOException e) {
        // Closed, or a client that went away: priming only loses a warm-up.
      }
    }
  }

  private static void answer(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    String requestLine = line(in);
    int length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring("content-length:".length()).trim());
      }
    }
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    boolean credentials = requestLine.startsWith("GET");
    Matcher action = ACTION.matcher(body);
    byte[] answer = (credentials ? CREDENTIALS : CannedEc2.answer(action.find() ? action.group(1) : "Unknown"))
        .getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (credentials ? "application/json" : "text/xml")
        + "\r\nContent-Length: " + answer.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(answer);
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
