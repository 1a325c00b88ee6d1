package dev.spotreplacer.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API as AWS documents it (2018-06-01), on 127.0.0.1: the endpoint a runtime
 * client polls for events and answers to, plus the SnapStart restore call. The harness queues
 * events and reads the function's answers; {@code onRestore} runs between the checkpoint hooks and
 * the restore hooks, where Lambda would take and later resume the snapshot.
 */
public final class RuntimeApi implements AutoCloseable {

  private static final String BASE = "/2018-06-01/runtime";
  static final String FUNCTION_ARN = "arn:aws:lambda:us-east-2:123456789012:function:spot-replacer";

  /** How an invocation ended, as the runtime client reported it. */
  public sealed interface Answer {
    String body();

    /** {@code POST /invocation/{id}/response}. */
    record Success(String body) implements Answer {}

    /** {@code POST /invocation/{id}/error}: a function error, which Lambda retries for async events. */
    record FunctionError(String errorType, String body) implements Answer {}
  }

  private record Invocation(String requestId, byte[] event, Instant deadline) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "runtime-api");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();
  private final List<String> initErrors = new CopyOnWriteArrayList<>();
  private final List<String> restoreErrors = new CopyOnWriteArrayList<>();
  private final AtomicInteger restores = new AtomicInteger();
  private final Runnable onRestore;
  private volatile boolean closed;

  private RuntimeApi(HttpServer server, Runnable onRestore) {
    this.server = server;
    this.onRestore = onRestore;
  }

  /** Serves on an ephemeral port; {@code onRestore} runs when the client asks to be restored. */
  public static RuntimeApi start(Runnable onRestore) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RuntimeApi api = new RuntimeApi(server, onRestore);
    server.createContext(BASE + "/", api::handle);
    server.setExecutor(api.threads);
    server.start();
    return api;
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Delivers {@code event} with {@code budget} left before the deadline; waits up to {@code wait} for the answer. */
  public Answer invoke(byte[] event, Duration budget, Duration wait) throws Exception {
    return submit(event, budget).get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Delivers {@code event} and returns at once; the answer comes when the function gives one (if ever). */
  public CompletableFuture<Answer> submit(byte[] event, Duration budget) {
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    answers.put(requestId, answer);
    queue.add(new Invocation(requestId, event, Instant.now().plus(budget)));
    return answer;
  }

  /** Times the restore call was made (SnapStart: once, after the checkpoint hooks). */
  public int restores() {
    return restores.get();
  }

  public List<String> initErrors() {
    return List.copyOf(initErrors);
  }

  public List<String> restoreErrors() {
    return List.copyOf(restoreErrors);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("/invocation/next")) {
        next(exchange);
      } else if (method.equals("GET") && path.equals("/restore/next")) {
        // Counted once the credentials are rotated: the harness reads "restored" as "new credentials issued".
        onRestore.run();
        restores.incrementAndGet();
        reply(exchange, 200, "");
      } else if (method.equals("POST") && path.equals("/init/error")) {
        initErrors.add(body(exchange));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else if (method.equals("POST") && path.equals("/restore/error")) {
        restoreErrors.add(body(exchange));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else if (method.equals("POST") && path.startsWith("/invocation/")) {
        answer(exchange, path);
      } else {
        reply(exchange, 404, "{\"errorType\":\"NotFound\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Invocation invocation = null;
    try {
      while (invocation == null && !closed) {
        invocation = queue.poll(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (invocation == null) {
      reply(exchange, 500, "{\"errorType\":\"Shutdown\"}");
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
    headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadline().toEpochMilli()));
    headers.add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
    headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
    headers.add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    exchange.getResponseBody().write(invocation.event());
  }

  private void answer(HttpExchange exchange, String path) throws IOException {
    String[] parts = path.split("/");
    // "", "invocation", id, "response" | "error"
    CompletableFuture<Answer> answer = parts.length == 4 ? answers.remove(parts[2]) : null;
    if (answer == null) {
      reply(exchange, 400, "{\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    String body = body(exchange);
    if (parts[3].equals("response")) {
      answer.complete(new Answer.Success(body));
    } else {
      String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
      answer.complete(new Answer.FunctionError(type, body));
    }
    reply(exchange, 202, "{\"status\":\"OK\"}");
  }

  private static String body(HttpExchange exchange) {
    try {
      return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    threads.shutdownNow();
  }
}
