package dev.spotreplacer.lambda;

import dev.spotreplacer.replace.TagKeys;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Reason;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Priming for SnapStart and for the local runner's cold start: each EC2 action a replacement sends
 * goes once through the SDK's whole pipeline (marshalling, signing, XML parsing) against a canned
 * local answer ({@link CannedEc2}), and one event through the parser and one result through the
 * writers. Before a SnapStart snapshot, so that the snapshot holds that code loaded, initialised
 * and partly compiled; in the runner, beside the start-up (see {@link #startInBackground}). No network, nothing kept: no clock reading, random value or id
 * survives in a field.
 */
public final class Priming implements Resource {

  private static final String EVENT = """
      {"version":"0","id":"00000000-0000-0000-0000-000000000000","detail-type":"EC2 Spot Instance Interruption Warning",
       "source":"aws.ec2","account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1",
       "resources":["arn:aws:ec2:us-east-1a:instance/i-00000000000000000"],
       "detail":{"instance-id":"i-00000000000000000","instance-action":"terminate"}}""";

  private static final String ID = "i-00000000000000000";
  private static final String CONTAINER_URI = "aws.containerCredentialsFullUri";
  private static final String CONTAINER_TOKEN = "aws.containerAuthorizationToken";

  private final AtomicInteger primed = new AtomicInteger();

  /**
   * How many times the path is walked before a snapshot: once loads the classes; the JIT compiles
   * only what has run often, and what the snapshot holds compiled the first event need not interpret.
   */
  static final int SNAPSHOT_ROUNDS = 20;

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    for (int round = 0; round < SNAPSHOT_ROUNDS; round++) {
      prime();
    }
    primeCredentialsAndHttp();
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

  /**
   * Runs the warm-up; safe to call more than once. Every EC2 action a replacement sends before
   * its instance runs goes through the SDK once (each has its own marshaller, unmarshaller and
   * model classes to load), then the result and metrics lines are written.
   */
  void prime() {
    Notice notice = new EventParser().parse(EVENT.getBytes(StandardCharsets.UTF_8));
    String id = notice.instanceId();
    CannedEc2 canned = new CannedEc2();
    // Instance types as strings, as the replacement path sends them: the InstanceType enum's 900
    // constants are never needed there, and initialising them cost priming some 10 ms.
    try (Ec2Client local = Clients.ec2(new Clients.Target(Region.of(notice.region()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "priming")),
        Optional.of(URI.create("http://127.0.0.1:9"))), canned)) {
      Filter replaces = Filter.builder().name("tag:spot-replacer:replaces").values(id).build();
      local.describeInstances(b -> b.instanceIds(id));
      local.describeInstanceAttribute(b -> b.instanceId(id).attribute(InstanceAttributeName.USER_DATA));
      local.describeSpotInstanceRequests(b -> b.filters(replaces));
      local.describeSpotPriceHistory(b -> b.instanceTypesWithStrings("m5.large").availabilityZone("us-east-1a")
          .productDescriptions("Linux/UNIX").startTime(Instant.EPOCH));
      local.describeVolumes(b -> b.filters(Filter.builder().name("attachment.instance-id").values(id).build()));
      local.describeAddresses(b -> b.filters(Filter.builder().name("instance-id").values(id).build()));
      local.describeSubnets(b -> b.subnetIds("subnet-0"));
      local.requestSpotInstances(b -> b.instanceCount(1).type(SpotInstanceType.ONE_TIME).clientToken("priming")
          .launchSpecification(l -> l.imageId("ami-0").instanceType("m5.large")
              .placement(p -> p.availabilityZone("us-east-1a")).subnetId("subnet-0").userData("cHJpbWluZw=="))
          .tagSpecifications(t -> t.resourceType(ResourceType.SPOT_INSTANCES_REQUEST)
              .tags(Tag.builder().key(TagKeys.REPLACES).value(id).build())));
      local.createTags(b -> b.resources(id).tags(Tag.builder().key("Name").value("priming").build()));
      // The pool choice's placement scores and the plan: a launch template with what a launch carries.
      local.describeAvailabilityZones(b -> b.zoneNames("us-east-1a"));
      local.getSpotPlacementScoresPaginator(b -> b.instanceTypes("m5.large").targetCapacity(1)
          .singleAvailabilityZone(true).regionNames(notice.region())).forEach(page -> page.spotPlacementScores());
      local.describeLaunchTemplates(b -> b.launchTemplateNames("spot-replacer-" + id));
      local.createLaunchTemplate(b -> b.launchTemplateName("spot-replacer-" + id)
          .launchTemplateData(d -> d.imageId("ami-0").instanceType("m5.large").userData("cHJpbWluZw==")
              .iamInstanceProfile(p -> p.arn("arn:aws:iam::123456789012:instance-profile/priming"))
              .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2))
              .networkInterfaces(n -> n.deviceIndex(0).subnetId("subnet-0").groups("sg-0"))
              .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.volumeSize(8).volumeType("gp3")))
              .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                  .tags(Tag.builder().key(TagKeys.REPLACES).value(id).build())))
          .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE)
              .tags(Tag.builder().key(TagKeys.REPLACES).value(id).build())));
    }
    Result sample = Result.of(Outcome.REPLACED, Reason.Code.RUNNING, "priming").interruptedInstanceId(id)
        .replacementInstanceId(id).spotRequestId("sir-0").instanceType("m5.large").availabilityZone("us-east-1a")
        .spotPrice("0.040000").state("running").eventId(notice.eventId()).timings(new Timings(0L, 0L, 0L, 0))
        .apiCalls(Map.of("DescribeInstances", 1L)).build();
    ResultJson.of(sample);
    new EmfLine().of(sample, Instant.EPOCH);
    primed.addAndGet(canned.answered());
  }

  /**
   * Before a snapshot only: the first event after a restore resolves the role's credentials
   * through the SDK's default chain and sends its calls over real sockets, neither of which
   * {@link #prime()} touches. Both are walked here against a loopback answerer, through the SDK's
   * documented system properties for the container-credentials endpoint, set for this moment and
   * removed after it: nothing else runs before a checkpoint, and the credentials it gets work
   * nowhere and are dropped with the provider.
   */
  void primeCredentialsAndHttp() {
    try (LoopbackAnswers loopback = new LoopbackAnswers()) {
      System.setProperty(CONTAINER_URI, loopback.endpoint() + "/credentials");
      System.setProperty(CONTAINER_TOKEN, LoopbackAnswers.TOKEN);
      try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
          Ec2Client ec2 = Clients.ec2(new Clients.Target(Region.US_EAST_1, chain, Optional.of(loopback.endpoint())))) {
        ec2.describeInstances(b -> b.instanceIds(ID));
        ec2.describeSpotInstanceRequests(b -> b.filters(Filter.builder().name("tag:spot-replacer:replaces")
            .values(ID).build()));
        primed.incrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      // Only a head start is lost; the event's own path reports anything that matters.
    } finally {
      System.clearProperty(CONTAINER_URI);
      System.clearProperty(CONTAINER_TOKEN);
    }
  }

  /** EC2 requests answered so far, over every priming (for tests). */
  int primed() {
    return primed.get();
  }
}
