package dev.spotreplacer.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/** The HTTP side of the EC2 Query protocol: form in, XML out, errors in EC2's error document. */
final class HttpFront implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());

  private final Ec2Api api;
  private final CallLog log;
  private final Ids ids;
  private final Gate gate;
  private final StsApi sts;
  private final EventsApi events;
  private final java.util.List<SignedCall> signed = new java.util.ArrayList<>();

  HttpFront(Ec2Api api, CallLog log, Ids ids, Gate gate, StsApi sts, EventsApi events) {
    this.api = api;
    this.log = log;
    this.ids = ids;
    this.gate = gate;
    this.sts = sts;
    this.events = events;
  }

  /** Who signed each request, for which region, in arrival order. */
  java.util.List<SignedCall> signedCalls() {
    synchronized (signed) {
      return java.util.List.copyOf(signed);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // EventBridge speaks JSON 1.1 and names its operation in a header, before any form is read.
      java.util.Optional<String> operation =
          EventsApi.operation(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      if (operation.isPresent()) {
        handleEvents(exchange, operation.get());
        return;
      }
      String requestId = ids.requestId();
      int status;
      String body;
      try {
        Map<String, String> params = params(exchange);
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
          throw Ec2Fault.missing("Action");
        }
        SignedCall call = SignedCall.of(action, exchange.getRequestHeaders().getFirst("Authorization"));
        synchronized (signed) {
          signed.add(call);
        }
        if (StsApi.handles(action)) {
          // STS shares this endpoint (its actions never clash with EC2's) but not EC2's call log.
          try {
            status = 200;
            body = sts.call(action, params, call.accessKeyId(), requestId);
          } catch (StsFault fault) {
            status = fault.httpStatus();
            body = StsApi.error(fault.code(), fault.getMessage(), requestId);
          }
        } else {
          log.record(action, "true".equalsIgnoreCase(params.get("DryRun")));
          Gate.After after = gate.admit(action, params);
          SdkPojo response = api.call(action, params);
          if (after == Gate.After.LOSE_ANSWER) {
            throw gate.lostAnswer();
          }
          status = 200;
          body = XmlWriter.response(action, requestId, response);
        }
      } catch (Ec2Fault fault) {
        status = fault.httpStatus();
        body = XmlWriter.error(fault.code(), fault.getMessage(), requestId);
      } catch (RuntimeException e) {
        // A bug in the emulator: answer like an EC2 outage (the SDK retries those) and leave a trace.
        LOG.log(Level.ERROR, "EC2 emulator failed on request " + requestId, e);
        status = 503;
        body = XmlWriter.error("InternalError", "An internal error has occurred", requestId);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      // One request per connection: the JDK server picks up a kept-alive connection's next request
      // only on its dispatcher's next tick, which made concurrent callers wait up to a second each.
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void handleEvents(HttpExchange exchange, String operation) throws IOException {
    SignedCall call = SignedCall.of(operation, exchange.getRequestHeaders().getFirst("Authorization"));
    synchronized (signed) {
      signed.add(call);
    }
    int status;
    String body;
    try {
      body = events.call(operation, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      status = 200;
    } catch (EventsApi.Fault fault) {
      status = fault.status();
      body = EventsApi.error(fault);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "EventBridge emulator failed on " + operation, e);
      status = 500;
      body = EventsApi.error(new EventsApi.Fault("InternalException", "An internal error has occurred", 500));
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", EventsApi.CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", ids.requestId());
    exchange.getResponseHeaders().set("Connection", "close");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> params(HttpExchange exchange) throws IOException {
    if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      return FormParams.decode(form);
    }
    return FormParams.decode(exchange.getRequestURI().getRawQuery());
  }
}
