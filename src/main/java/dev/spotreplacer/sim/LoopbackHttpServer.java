package dev.spotreplacer.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's HTTP/1.1 server on 127.0.0.1: one request per connection, each on a thread of its
 * own, bodies by Content-Length or chunked. It replaced the JDK's com.sun.net.httpserver, whose
 * first response alone cost a cold JVM about 0.2 s of CPU (its System.Logger starts
 * java.util.logging, and its Date header loads the CLDR locale data): docs/performance.md.
 *
 * <p>Connections are not kept alive: here a request on a kept-alive connection took 1.35 ms against
 * 0.37 ms on a new one (median of 3,000, HttpURLConnection), as the client's Nagle algorithm holds
 * the request body back until the server's delayed ACK of the headers.
 */
final class LoopbackHttpServer implements AutoCloseable {

  /** One request: method, request target (path and query), headers by case-insensitive name, body. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {

    /** The header's first value, or null. */
    String header(String name) {
      return headers.get(name);
    }

    /** The query string after '?', still encoded, or null. */
    String rawQuery() {
      int q = target.indexOf('?');
      return q < 0 ? null : target.substring(q + 1);
    }
  }

  /** One response; Content-Length, Date and Connection are added by the server. */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  /** Answers a request; an exception (or no response) answers 500. */
  interface Handler {
    Response handle(Request request) throws IOException;
  }

  /** Beyond these, a request is refused rather than read: the emulator's callers send far less. */
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_BODY = 32 * 1024 * 1024;
  private static final long CHUNKED = -1;
  private static final int READ_TIMEOUT_MS = 30_000;
  private static final int DRAIN_MS = 1_000;

  private final ServerSocket listener;
  private final Handler handler;
  private final ExecutorService executor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private LoopbackHttpServer(ServerSocket listener, Handler handler, ExecutorService executor, String name) {
    this.listener = listener;
    this.handler = handler;
    this.executor = executor;
    this.acceptor = new Thread(this::acceptLoop, name + "-accept");
    acceptor.setDaemon(true);
  }

  /** Listens on 127.0.0.1:{@code port} (0 = ephemeral); each connection is served on {@code executor}. */
  static LoopbackHttpServer start(int port, Handler handler, ExecutorService executor, String name)
      throws IOException {
    ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    LoopbackHttpServer server = new LoopbackHttpServer(listener, handler, executor, name);
    server.acceptor.start();
    return server;
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(socket);
      if (closed) {
        closeQuietly(socket); // close() may have run before the add
        continue;
      }
      try {
        executor.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      // Head and body go out in one write, so Nagle's algorithm would only delay the next request.
      socket.setTcpNoDelay(true);
      // A client that stalls mid-request gives its thread back; slow answers wait in the handler, not here.
      socket.setSoTimeout(READ_TIMEOUT_MS);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      try {
        exchange(in, out);
      } catch (BadRequest e) {
        refuse(out, e.status, e.getMessage());
        drain(socket, in);
      }
    } catch (IOException e) {
      // The client went away or stalled, or the emulator is shutting down: this connection ends.
    } finally {
      open.remove(socket);
    }
  }

  /** Reads one request and answers it; the connection then closes. */
  private void exchange(InputStream in, OutputStream out) throws IOException {
    String requestLine = readLine(in);
    if (requestLine == null) {
      return; // the client connected and left
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequest(400, "malformed request line");
    }
    Map<String, String> headers = readHeaders(in);
    long length = bodyLength(headers); // refused here, before any 100 Continue invites the body
    if ("100-continue".equalsIgnoreCase(headers.get("Expect")) && parts[2].equals("HTTP/1.1")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = length == CHUNKED ? readChunked(in) : readExactly(in, (int) length);
    Response response;
    try {
      response = handler.handle(new Request(parts[0], parts[1], headers, body));
    } catch (Exception e) {
      response = null;
    }
    if (response == null) {
      response = plain(500, "the emulator failed on this request");
    }
    write(out, response, !parts[0].equals("HEAD"));
  }

  private static void refuse(OutputStream out, int status, String message) throws IOException {
    write(out, plain(status, message), true);
  }

  private static Response plain(int status, String message) {
    return new Response(status, Map.of("Content-Type", "text/plain;charset=UTF-8"),
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * After a refusal the request's body may still be coming; closing with it unread would reset the
   * connection, and a client still writing would see the reset instead of the answer. So the
   * answer is followed by end of stream, and what the client still sends is read and dropped, for a
   * second at most.
   */
  private static void drain(Socket socket, InputStream in) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(DRAIN_MS);
      byte[] skip = new byte[8192];
      long drained = 0;
      for (int n; drained < MAX_BODY && (n = in.read(skip)) >= 0; ) {
        drained += n;
      }
    } catch (IOException e) {
      // The client went away or went quiet: either way the connection ends now.
    }
  }

  private static void write(OutputStream out, Response response, boolean withBody) throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n")
        .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("\r\n");
    response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(response.body().length).append("\r\n")
        .append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (withBody) {
      out.write(response.body());
    }
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }

  private static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int count = 0; ; count++) {
      String line = readLine(in);
      if (line == null) {
        throw new BadRequest(400, "connection closed inside the request head");
      }
      if (line.isEmpty()) {
        return Collections.unmodifiableMap(headers);
      }
      if (count == MAX_HEADERS) {
        throw new BadRequest(431, "more than " + MAX_HEADERS + " header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new BadRequest(400, "malformed header field: " + line);
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      String earlier = headers.putIfAbsent(name, value);
      if (earlier != null && name.equalsIgnoreCase("Content-Length") && !earlier.equals(value)) {
        throw new BadRequest(400, "conflicting Content-Length values");
      }
    }
  }

  /** The body's length by Content-Length (0 without one), or {@link #CHUNKED}; refuses framing it will not read. */
  private static long bodyLength(Map<String, String> headers) throws BadRequest {
    String encoding = headers.get("Transfer-Encoding");
    if (encoding != null) {
      if (!encoding.equalsIgnoreCase("chunked")) {
        throw new BadRequest(501, "unsupported Transfer-Encoding: " + encoding);
      }
      return CHUNKED;
    }
    String length = headers.get("Content-Length");
    if (length == null) {
      return 0;
    }
    long size;
    try {
      size = Long.parseLong(length);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "Content-Length is not a number: " + length);
    }
    if (size < 0) {
      throw new BadRequest(400, "negative Content-Length: " + length);
    }
    if (size > MAX_BODY) {
      throw new BadRequest(413, "body of " + size + " bytes; the emulator takes at most " + MAX_BODY);
    }
    return size;
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = readLine(in);
      if (line == null) {
        throw new BadRequest(400, "connection closed inside a chunked body");
      }
      int semicolon = line.indexOf(';');
      String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "malformed chunk size: " + line);
      }
      if (size < 0 || body.size() + (long) size > MAX_BODY) {
        throw new BadRequest(413, "chunked body over " + MAX_BODY + " bytes");
      }
      if (size == 0) {
        readHeaders(in); // trailers, ignored
        return body.toByteArray();
      }
      body.write(readExactly(in, size));
      if (!"".equals(readLine(in))) {
        throw new BadRequest(400, "chunk not followed by CRLF");
      }
    }
  }

  private static byte[] readExactly(InputStream in, int size) throws IOException {
    byte[] bytes = in.readNBytes(size);
    if (bytes.length != size) {
      throw new BadRequest(400, "body ended after " + bytes.length + " of " + size + " bytes");
    }
    return bytes;
  }

  /** A line ended by LF (CR before it dropped), as ISO-8859-1; null at end of stream before any byte. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new BadRequest(431, "line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    if (line.length() > 0) {
      throw new BadRequest(400, "connection closed inside a line");
    }
    return null;
  }

  /**
   * Stops accepting and closes every connection. A thread left blocked in a socket read would hold
   * up System.exit by about 0.3 s (HotSpot waits for threads in native code), so none is left.
   */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    executor.shutdownNow();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Shutting down: nothing left to tell.
    }
  }

  /** A request this server will not read further; the connection is answered and closed. */
  private static final class BadRequest extends IOException {
    private final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
