package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.time.Sleeper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The replace flow against an EC2 emulator no one here wrote (moto_server), with an instance the
 * caller seeded there: IMDSv2 required, three security groups, an instance profile, a public IP,
 * user data, a following data volume and an Elastic IP. Skipped unless {@code -Dmoto.endpoint=URL
 * -Dmoto.instance=i-...} name them (README, "Checking against another emulator").
 */
@EnabledIfSystemProperty(named = "moto.endpoint", matches = "http://127\\.0\\.0\\.1:\\d+")
class IndependentEmulatorCheck {

  private static String event(String detailType, String instanceId, String detail, Instant time) {
    return "{\"version\":\"0\",\"id\":\"evt-moto-" + detailType.length() + "\",\"detail-type\":\"" + detailType + "\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"" + time + "\",\"region\":\"us-east-1\","
        + "\"resources\":[],\"detail\":{\"instance-id\":\"" + instanceId + "\"" + detail + "}}";
  }

  @Test
  void replaceFlow_onMoto_carriesTheOriginal_andHandsOverAfterTermination() throws Exception {
    String old = System.getProperty("moto.instance");
    try (Ec2Client ec2 = Clients.ec2(new Clients.Target(Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
        Optional.of(URI.create(System.getProperty("moto.endpoint")))))) {
      List<String> notes = new ArrayList<>();
      Sleeper sleeper = d -> Thread.sleep(Math.min(d.toMillis(), 200));
      Replacer replacer = new Replacer(ec2, Settings.defaults(), Clock.systemUTC(), sleeper,
          () -> new SplittableRandom(7), notes::add);
      Instance original = describe(ec2, old);
      // Warned two minutes ago: the interruption time is now, as when EC2 is about to reclaim it.
      Instant warned = Instant.now().minus(Duration.ofMinutes(2));
      Notice warning = new EventParser().parse(event("EC2 Spot Instance Interruption Warning", old,
          ",\"instance-action\":\"terminate\"", warned).getBytes(StandardCharsets.UTF_8));

      Result first = replacer.replace(warning, Instant.now().plusSeconds(20));
      System.out.println("first: " + first + "\n" + String.join("\n", notes));

      assertThat(first.replacementInstanceId()).as(first.message()).isNotNull();
      Instance replacement = describe(ec2, first.replacementInstanceId());
      System.out.println("differences: " + InstanceComparison.differences(original, replacement));
      assertThat(replacement.metadataOptions().httpTokensAsString()).isEqualTo("required");
      assertThat(replacement.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
      assertThat(replacement.iamInstanceProfile().arn()).isEqualTo(original.iamInstanceProfile().arn());

      ec2.terminateInstances(b -> b.instanceIds(old));
      Notice terminated = new EventParser().parse(event("EC2 Instance State-change Notification", old,
          ",\"state\":\"terminated\"", Instant.now()).getBytes(StandardCharsets.UTF_8));
      Result second = replacer.replace(terminated, Instant.now().plusSeconds(20));
      System.out.println("second: " + second);
      assertThat(second.outcome()).as(second.message()).isIn(Outcome.REPLACED, Outcome.SKIPPED);
    }
  }

  private static Instance describe(Ec2Client ec2, String id) {
    return ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }
}
