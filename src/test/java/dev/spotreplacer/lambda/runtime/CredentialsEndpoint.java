package dev.spotreplacer.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The container-credentials endpoint Lambda gives a SnapStart function in place of the
 * access-key variables: it answers only requests that carry its authorization token, hands out
 * the role's current session credentials, and can rotate them (as they are after a restore).
 */
public final class CredentialsEndpoint implements AutoCloseable {

  /** One set of session credentials. */
  public record Issued(String accessKeyId, String secretAccessKey, String sessionToken) {}

  private final HttpServer server;
  private final String token = "harness-token-" + UUID.randomUUID();
  private final AtomicReference<Issued> current = new AtomicReference<>();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final Consumer<Issued> onIssue;
  private final Consumer<Issued> onRevoke;
  private volatile boolean down;
  private int generation;

  private CredentialsEndpoint(HttpServer server, Consumer<Issued> onIssue, Consumer<Issued> onRevoke) {
    this.server = server;
    this.onIssue = onIssue;
    this.onRevoke = onRevoke;
  }

  /** Serves on an ephemeral port; each new set of credentials is told to {@code onIssue}, each retired one to {@code onRevoke}. */
  public static CredentialsEndpoint start(Consumer<Issued> onIssue, Consumer<Issued> onRevoke) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CredentialsEndpoint endpoint = new CredentialsEndpoint(server, onIssue, onRevoke);
    endpoint.rotate();
    server.createContext("/2021-04-23/credentials", endpoint::handle);
    server.start();
    return endpoint;
  }

  /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  public String fullUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/2021-04-23/credentials";
  }

  /** The value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
  public String authorizationToken() {
    return token;
  }

  /** New credentials from now on; the old ones stop working. */
  public synchronized Issued rotate() {
    generation++;
    Issued next = new Issued("ASIAHARNESS" + String.format("%09d", generation),
        "harness-secret-" + UUID.randomUUID(), "harness-session-" + UUID.randomUUID());
    onIssue.accept(next);
    Issued previous = current.getAndSet(next);
    if (previous != null) {
      onRevoke.accept(previous);
    }
    return next;
  }

  public Issued current() {
    return current.get();
  }

  /** From now on every request is answered 500 (the endpoint is unavailable). */
  public void failFromNowOn() {
    down = true;
  }

  /** Requests answered with credentials. */
  public int served() {
    return served.get();
  }

  /** Requests refused for a missing or wrong token. */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (down) {
        reply(exchange, 500, "{\"message\":\"unavailable\"}");
        return;
      }
      if (!token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        reply(exchange, 403, "{\"message\":\"missing or wrong authorization token\"}");
        return;
      }
      Issued issued = current.get();
      served.incrementAndGet();
      reply(exchange, 200, "{\"AccessKeyId\":\"" + issued.accessKeyId() + "\",\"SecretAccessKey\":\""
          + issued.secretAccessKey() + "\",\"Token\":\"" + issued.sessionToken() + "\",\"Expiration\":\""
          + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
