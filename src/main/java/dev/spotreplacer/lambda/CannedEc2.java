package dev.spotreplacer.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it reads each EC2 request as a real client would
 * and answers from memory with a small, constant answer for that action, one item of each kind a
 * replacement reads, so that priming unmarshals the same model classes a real answer fills.
 */
final class CannedEc2 implements SdkHttpClient {

  private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");
  private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final String REQUEST = "<item><spotInstanceRequestId>sir-0</spotInstanceRequestId>"
      + "<state>active</state><status><code>fulfilled</code><updateTime>2026-01-01T00:00:00.000Z</updateTime></status>"
      + "<type>one-time</type><instanceId>i-00000000000000000</instanceId><spotPrice>0.04</spotPrice>"
      + "<launchSpecification><instanceType>m5.large</instanceType><imageId>ami-0</imageId>"
      + "<placement><availabilityZone>us-east-1a</availabilityZone></placement><subnetId>subnet-0</subnetId></launchSpecification>"
      + "<tagSet><item><key>spot-replacer:replaces</key><value>i-00000000000000000</value></item></tagSet></item>";
  private static final Map<String, String> RESULTS = Map.ofEntries(
      Map.entry("DescribeInstances", "<reservationSet><item><reservationId>r-0</reservationId><instancesSet><item>"
          + "<instanceId>i-00000000000000000</instanceId><imageId>ami-0</imageId>"
          + "<instanceState><code>16</code><name>running</name></instanceState>"
          + "<instanceType>m5.large</instanceType><placement><availabilityZone>us-east-1a</availabilityZone></placement>"
          + "<subnetId>subnet-0</subnetId><instanceLifecycle>spot</instanceLifecycle>"
          + "<spotInstanceRequestId>sir-0</spotInstanceRequestId><launchTime>2026-01-01T00:00:00.000Z</launchTime>"
          + "<tagSet><item><key>Name</key><value>priming</value></item></tagSet>"
          + "<groupSet><item><groupId>sg-0</groupId></item></groupSet>"
          + "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName>"
          + "<ebs><volumeId>vol-0</volumeId><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>"
          + "</item></instancesSet></item></reservationSet>"),
      Map.entry("DescribeInstanceAttribute", "<instanceId>i-00000000000000000</instanceId><userData><value>cHJpbWluZw==</value></userData>"),
      Map.entry("DescribeSubnets", "<subnetSet><item><subnetId>subnet-0</subnetId><availabilityZone>us-east-1a</availabilityZone>"
          + "<state>available</state></item></subnetSet>"),
      Map.entry("DescribeSpotInstanceRequests", "<spotInstanceRequestSet>" + REQUEST + "</spotInstanceRequestSet>"),
      Map.entry("RequestSpotInstances", "<spotInstanceRequestSet>" + REQUEST + "</spotInstanceRequestSet>"),
      Map.entry("DescribeSpotPriceHistory", "<spotPriceHistorySet><item><instanceType>m5.large</instanceType>"
          + "<productDescription>Linux/UNIX</productDescription><spotPrice>0.040000</spotPrice>"
          + "<timestamp>2026-01-01T00:00:00.000Z</timestamp><availabilityZone>us-east-1a</availabilityZone></item>"
          + "</spotPriceHistorySet>"),
      Map.entry("DescribeVolumes", "<volumeSet><item><volumeId>vol-0</volumeId><size>8</size><availabilityZone>us-east-1a</availabilityZone>"
          + "<status>in-use</status><volumeType>gp3</volumeType><attachmentSet><item><volumeId>vol-0</volumeId>"
          + "<instanceId>i-00000000000000000</instanceId><device>/dev/xvda</device><status>attached</status>"
          + "<deleteOnTermination>true</deleteOnTermination></item></attachmentSet></item></volumeSet>"),
      Map.entry("DescribeAddresses", "<addressesSet><item><publicIp>192.0.2.1</publicIp><allocationId>eipalloc-0</allocationId>"
          + "<domain>vpc</domain><instanceId>i-00000000000000000</instanceId></item></addressesSet>"),
      Map.entry("CreateTags", "<return>true</return>"),
      Map.entry("CreateLaunchTemplate", "<launchTemplate><launchTemplateId>lt-0</launchTemplateId>"
          + "<launchTemplateName>spot-replacer-i-00000000000000000</launchTemplateName>"
          + "<createTime>2026-01-01T00:00:00.000Z</createTime><defaultVersionNumber>1</defaultVersionNumber>"
          + "<latestVersionNumber>1</latestVersionNumber></launchTemplate>"),
      Map.entry("DescribeLaunchTemplates", "<launchTemplates><item><launchTemplateId>lt-0</launchTemplateId>"
          + "<launchTemplateName>spot-replacer-i-00000000000000000</launchTemplateName>"
          + "<createTime>2026-01-01T00:00:00.000Z</createTime><tagSet><item><key>spot-replacer:replaces</key>"
          + "<value>i-00000000000000000</value></item></tagSet></item></launchTemplates>"),
      Map.entry("DescribeAvailabilityZones", "<availabilityZoneInfo><item><zoneName>us-east-1a</zoneName>"
          + "<zoneId>use1-az1</zoneId><zoneState>available</zoneState><regionName>us-east-1</regionName></item>"
          + "</availabilityZoneInfo>"),
      Map.entry("GetSpotPlacementScores", "<spotPlacementScoreSet><item><region>us-east-1</region>"
          + "<availabilityZoneId>use1-az1</availabilityZoneId><score>9</score></item></spotPlacementScoreSet>"));

  private final AtomicInteger answered = new AtomicInteger();

  /** Requests answered so far. */
  int answered() {
    return answered.get();
  }

  /** The whole answer document for {@code action}; an action without a canned result gets an empty one. */
  static String answer(String action) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"" + NS + "\">"
        + "<requestId>00000000-0000-0000-0000-000000000000</requestId>" + RESULTS.getOrDefault(action, "")
        + "</" + action + "Response>";
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        String body = request.contentStreamProvider().map(content -> {
          try (InputStream in = content.newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).orElse("");
        Matcher action = ACTION.matcher(body);
        answered.incrementAndGet();
        byte[] answer = answer(action.find() ? action.group(1) : "Unknown").getBytes(StandardCharsets.UTF_8);
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
