package dev.spotreplacer.sim;

import dev.spotreplacer.sim.LoopbackHttpServer.Request;
import dev.spotreplacer.sim.LoopbackHttpServer.Response;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The HTTP side of the EC2 Query protocol: form in, XML out, errors in EC2's error document. STS
 * shares it; EventBridge and the Price List (JSON 1.1) are told apart by their X-Amz-Target.
 */
final class HttpFront implements LoopbackHttpServer.Handler {

  private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

  private final Function<String, Ec2Api> regions;
  private final CallLog log;
  private final Ids ids;
  private final Gate gate;
  private final StsApi sts;
  private final EventsApi events;
  private final PricingApi pricing;
  private final Signatures signatures;
  private final java.util.List<SignedCall> signed = new java.util.ArrayList<>();

  /** {@code regions} gives the EC2 of the region a request's signature names ("" when unsigned). */
  HttpFront(Function<String, Ec2Api> regions, CallLog log, Ids ids, Gate gate, StsApi sts, EventsApi events,
      PricingApi pricing, Signatures signatures) {
    this.pricing = pricing;
    this.signatures = signatures;
    this.regions = regions;
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
  public Response handle(Request request) {
    // EventBridge speaks JSON 1.1 and names its operation in a header, before any form is read.
    java.util.Optional<String> operation = EventsApi.operation(request.header("X-Amz-Target"));
    if (operation.isPresent()) {
      return handleJson(request, operation.get(), "events", "InternalException",
          (op, body, region) -> events.call(op, body));
    }
    // So does the Price List, under its own target prefix.
    java.util.Optional<String> priceList = PricingApi.operation(request.header("X-Amz-Target"));
    if (priceList.isPresent()) {
      return handleJson(request, priceList.get(), "pricing", "InternalErrorException", pricing::call);
    }
    String requestId = ids.requestId();
    int status;
    String body;
    try {
      Map<String, String> params = params(request);
      String action = params.get("Action");
      if (action == null || action.isEmpty()) {
        throw Ec2Fault.missing("Action");
      }
      SignedCall call = SignedCall.of(action, request.header("Authorization"));
      synchronized (signed) {
        signed.add(call);
      }
      if (StsApi.handles(action)) {
        // STS shares this endpoint (its actions never clash with EC2's) but not EC2's call log.
        try {
          verify(request, "sts");
          status = 200;
          body = sts.call(action, params, call.accessKeyId(), requestId);
        } catch (StsFault fault) {
          status = fault.httpStatus();
          body = StsApi.error(fault.code(), fault.getMessage(), requestId);
        }
      } else {
        log.record(action, "true".equalsIgnoreCase(params.get("DryRun")));
        signatures.verify(request, "ec2");
        Gate.After after = gate.admit(action, params);
        // Each region is its own EC2: a client signing for another region sees none of this one's resources.
        SdkPojo response = regions.apply(call.region()).call(action, params);
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
    return new Response(status, Map.of("Content-Type", "text/xml;charset=UTF-8"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** What a JSON 1.1 service answers an operation's body with, for a caller signed for a region. */
  @FunctionalInterface
  private interface JsonService {
    String call(String operation, String body, String region);
  }

  /**
   * One request to a JSON 1.1 service: signature for {@code service}, then the call, errors as JSON;
   * a bug of the emulator's answers as the service's own {@code internalError}.
   */
  private Response handleJson(Request request, String operation, String service, String internalError,
      JsonService api) {
    SignedCall call = SignedCall.of(operation, request.header("Authorization"));
    synchronized (signed) {
      signed.add(call);
    }
    int status;
    String body;
    try {
      Signatures.Signer signer;
      try {
        signer = signatures.verify(request, service);
      } catch (Ec2Fault fault) {
        throw new JsonFault(fault.code(), fault.getMessage(), fault.httpStatus());
      }
      body = api.call(operation, new String(request.body(), StandardCharsets.UTF_8), signer.region());
      status = 200;
    } catch (JsonFault fault) {
      status = fault.status();
      body = fault.document();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "emulator failed on " + service + " " + operation, e);
      status = 500;
      body = new JsonFault(internalError, "An internal error has occurred", 500).document();
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", JSON_CONTENT_TYPE);
    headers.put("x-amzn-RequestId", ids.requestId());
    return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** STS answers a bad signature in its own error document. */
  private void verify(Request request, String service) {
    try {
      signatures.verify(request, service);
    } catch (Ec2Fault fault) {
      throw new StsFault(fault.code(), fault.getMessage(), fault.httpStatus());
    }
  }

  private static Map<String, String> params(Request request) {
    if ("POST".equalsIgnoreCase(request.method())) {
      return FormParams.decode(new String(request.body(), StandardCharsets.UTF_8));
    }
    return FormParams.decode(request.rawQuery());
  }
}
