package dev.spotreplacer.lambda;

import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Priming for SnapStart and for the local runner's cold start: one DescribeInstances goes through
 * the SDK's whole pipeline (marshalling, signing, XML parsing) against a canned local answer, and
 * one event through the parser. Before a SnapStart snapshot, so that the snapshot holds that code
 * loaded, initialised and partly compiled; in the runner, beside the start-up (see
 * {@link #startInBackground}). No network, nothing kept: no clock reading, random value or id
 * survives in a field.
 */
public final class Priming implements Resource {

  private static final String EVENT = """
      {"version":"0","id":"00000000-0000-0000-0000-000000000000","detail-type":"EC2 Spot Instance Interruption Warning",
       "source":"aws.ec2","account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1",
       "resources":["arn:aws:ec2:us-east-1a:instance/i-00000000000000000"],
       "detail":{"instance-id":"i-00000000000000000","instance-action":"terminate"}}""";

  private static final String ANSWER = """
      <?xml version="1.0" encoding="UTF-8"?>
      <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <requestId>00000000-0000-0000-0000-000000000000</requestId>
        <reservationSet><item><reservationId>r-0</reservationId><instancesSet><item>
          <instanceId>i-00000000000000000</instanceId><imageId>ami-0</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <instanceType>m5.large</instanceType><placement><availabilityZone>us-east-1a</availabilityZone></placement>
          <subnetId>subnet-0</subnetId><instanceLifecycle>spot</instanceLifecycle>
          <launchTime>2026-01-01T00:00:00.000Z</launchTime>
          <tagSet><item><key>Name</key><value>priming</value></item></tagSet>
          <groupSet><item><groupId>sg-0</groupId></item></groupSet>
          <blockDeviceMapping><item><deviceName>/dev/xvda</deviceName>
            <ebs><volumeId>vol-0</volumeId><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>
        </item></instancesSet></item></reservationSet>
      </DescribeInstancesResponse>""";

  private final AtomicInteger primed = new AtomicInteger();

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh: priming kept no state.
  }

  /**
   * Primes on a daemon thread, for a process about to handle one event: the second core loads and
   * initialises the SDK's pipeline while the first parses the command line and starts what the
   * event needs. Nothing waits for it or uses what it built; the process may exit before it ends.
   */
  public static Thread startInBackground() {
    Thread primer = new Thread(() -> {
      try {
        new Priming().prime();
      } catch (RuntimeException e) {
        // Only a head start was lost; the event's own path reports anything that matters.
      }
    }, "spot-replacer-priming");
    primer.setDaemon(true);
    primer.start();
    return primer;
  }

  /** Runs the warm-up; safe to call more than once. */
  void prime() {
    Notice notice = new EventParser().parse(EVENT.getBytes(StandardCharsets.UTF_8));
    try (Ec2Client local = Ec2Client.builder()
        .region(Region.of(notice.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")))
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .httpClient(new Canned())
        .build()) {
      local.describeInstances(b -> b.instanceIds(notice.instanceId()));
    }
  }

  /** Calls answered so far (for tests). */
  int primed() {
    return primed.get();
  }

  /** Answers every request with {@link #ANSWER}, after reading the request body as a real client would. */
  private final class Canned implements SdkHttpClient {

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          request.contentStreamProvider().ifPresent(body -> {
            try (InputStream in = body.newStream()) {
              in.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
          primed.incrementAndGet();
          byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "text/xml").build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
              .build();
        }

        @Override
        public void abort() {
          // Nothing in flight: the answer is in memory.
        }
      };
    }

    @Override
    public String clientName() {
      return "priming";
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }
}
