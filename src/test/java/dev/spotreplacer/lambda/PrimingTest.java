package dev.spotreplacer.lambda;

import dev.spotreplacer.sim.Ec2Emulator;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

class PrimingTest {

  /** What a replacement sends before its instance runs: DescribeSubnets (SUBNET_IDS), placement scores and the plan included. */
  private static final int ACTIONS = 13;

  @Test
  void beforeCheckpoint_sendsEveryReplacementActionThroughTheSdk_withoutNetwork() {
    Priming priming = new Priming();

    priming.beforeCheckpoint(null);
    priming.beforeCheckpoint(null);

    // Each checkpoint walks the actions SNAPSHOT_ROUNDS times, and resolves credentials and calls
    // over a loopback socket once.
    assertThat(priming.primed()).isEqualTo(2 * (Priming.SNAPSHOT_ROUNDS * ACTIONS + 1));
  }

  @Test
  void beforeCheckpoint_leavesNoContainerCredentialSettingBehind() {
    new Priming().beforeCheckpoint(null);

    assertThat(System.getProperty("aws.containerCredentialsFullUri")).isNull();
    assertThat(System.getProperty("aws.containerAuthorizationToken")).isNull();
  }

  @Test
  void cannedAnswers_fillTheModelClassesARealAnswerFills() {
    CannedEc2 canned = new CannedEc2();
    try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
        .endpointOverride(URI.create("http://127.0.0.1:9")).httpClient(canned).build()) {

      assertThat(ec2.describeInstances(b -> { }).reservations().get(0).instances().get(0).blockDeviceMappings())
          .hasSize(1);
      assertThat(ec2.describeInstanceAttribute(b -> b.instanceId("i-0")).userData().value()).isNotBlank();
      assertThat(ec2.describeSpotInstanceRequests(b -> { }).spotInstanceRequests().get(0).status().code())
          .isEqualTo("fulfilled");
      assertThat(ec2.requestSpotInstances(b -> { }).spotInstanceRequests().get(0).launchSpecification()
          .placement().availabilityZone()).isEqualTo("us-east-1a");
      assertThat(ec2.describeSpotPriceHistory(b -> { }).spotPriceHistory().get(0).spotPrice()).isEqualTo("0.040000");
      assertThat(ec2.describeVolumes(b -> { }).volumes().get(0).attachments().get(0).device()).isEqualTo("/dev/xvda");
      assertThat(ec2.describeAddresses(b -> { }).addresses().get(0).allocationId()).isEqualTo("eipalloc-0");
      assertThat(ec2.describeSubnets(b -> { }).subnets().get(0).availabilityZone()).isEqualTo("us-east-1a");
      assertThat(ec2.createTags(b -> b.resources("i-0")).sdkHttpResponse().isSuccessful()).isTrue();
      assertThat(ec2.createLaunchTemplate(b -> { }).launchTemplate().launchTemplateId()).isEqualTo("lt-0");
      assertThat(ec2.describeLaunchTemplates(b -> { }).launchTemplates().get(0).tags()).hasSize(1);
      assertThat(ec2.describeAvailabilityZones(b -> { }).availabilityZones().get(0).zoneId()).isEqualTo("use1-az1");
      assertThat(ec2.getSpotPlacementScores(b -> { }).spotPlacementScores().get(0).score()).isEqualTo(9);
    }
    assertThat(canned.answered()).isEqualTo(ACTIONS);
  }

  @Test
  void inBackground_runsOnADaemonThread_thatCannotKeepTheProcessAlive_andEnds() throws InterruptedException {
    Thread primer = Priming.startInBackground();

    assertThat(primer.isDaemon()).isTrue();
    assertThat(primer.getName()).isEqualTo("spot-replacer-priming");
    primer.join(Duration.ofSeconds(30).toMillis());
    assertThat(primer.isAlive()).as("priming finished").isFalse();
  }
}
