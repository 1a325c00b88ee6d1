package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.aws.ClientCache;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.PriceListApi;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.sim.SignedCall;
import dev.spotreplacer.sim.StsConfig;
import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Events from other accounts go through the member role; events from other regions to that region. */
class CrossAccountTest {

  private static final String INSTANCE = "i-1234567890abcdef0";
  private static final String MEMBER = "222222222222";
  private static final String HOME = "123456789012";

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private Ec2Emulator emulator;
  private Handler handler;

  private void start(String scenarioRegion, String homeRegion, StsConfig sts) throws IOException {
    start(scenarioRegion, homeRegion, sts, Settings.defaults());
  }

  /** Wired as Handler.fromEnvironment wires it: one Price List, with the function's own credentials. */
  private void start(String scenarioRegion, String homeRegion, StsConfig sts, Settings settings) throws IOException {
    emulator = Ec2Emulator.start(Scenario.defaultFor(INSTANCE, scenarioRegion), clock, 0, sts);
    Clients.Target home = new Clients.Target(Region.of(homeRegion),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint()));
    ClientCache clients = new ClientCache(home, ClientCache.memberRoleName(Map.of()));
    PriceListApi priceList = new PriceListApi(() -> Clients.pricing(home), clock);
    Routing routing = new AccountRouting(clients, ec2 -> new Replacer(ec2, settings, clock, clock,
        () -> new SplittableRandom(1), Progress.silent(), Replacer.readAheadThreads(), priceList));
    handler = new Handler(new Handler.Wiring(settings, clock, routing));
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private static byte[] warning(String eventId, String account, String region) {
    return ("{\"version\":\"0\",\"id\":\"" + eventId + "\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
        + "\"source\":\"aws.ec2\",\"account\":\"" + account + "\",\"time\":\"2026-11-23T10:00:00Z\","
        + "\"region\":\"" + region + "\",\"resources\":[],"
        + "\"detail\":{\"instance-id\":\"" + INSTANCE + "\",\"instance-action\":\"terminate\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private List<SignedCall> ec2Calls() {
    return emulator.signedCalls().stream().filter(c -> c.service().equals("ec2")).toList();
  }

  @Test
  void memberAccountsPriceCap_asksThePriceList_withTheFunctionsOwnCredentials() throws IOException {
    // eu-west-1 is not in the built-in table: the cap needs the Price List (prices derived from the pools).
    start("eu-west-1", "us-east-1", StsConfig.DEFAULT, Settings.fromEnvironment(Map.of("MAX_PRICE_FRACTION", "0.5")));

    Result result = handler.handle(warning("evt-1", MEMBER, "eu-west-1"), new TestContext(clock, 300));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
    assertThat(result.priceCap().source()).endsWith("(AWS Price List API, eu-west-1 Linux/UNIX)");
    assertThat(emulator.signedCalls()).filteredOn(c -> c.service().equals("pricing"))
        .extracting(SignedCall::action, SignedCall::accessKeyId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("GetProducts", Ec2Emulator.LOCAL_ACCESS_KEY_ID));
    assertThat(ec2Calls()).isNotEmpty().allSatisfy(call -> assertThat(call.accessKeyId()).startsWith("ASIA" + MEMBER));
  }

  @Test
  void eventFromAMemberAccount_assumesTheMemberRole_withASessionNamingTheEvent() throws IOException {
    start("us-east-1", "us-east-1", StsConfig.DEFAULT);

    Result result = handler.handle(warning("evt-1", MEMBER, "us-east-1"), new TestContext(clock, 300));

    assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(emulator.assumedRoles())
        .containsExactly("arn:aws:iam::222222222222:role/spot-replacer-member spot-replacer-evt-1");
    assertThat(ec2Calls()).isNotEmpty().allSatisfy(call -> {
      assertThat(call.accessKeyId()).startsWith("ASIA" + MEMBER);
      assertThat(call.region()).isEqualTo("us-east-1");
    });
  }

  @Test
  void secondEventFromTheSameMemberAccount_reusesTheCachedClientAndCredentials() throws IOException {
    start("us-east-1", "us-east-1", StsConfig.DEFAULT);

    handler.handle(warning("evt-1", MEMBER, "us-east-1"), new TestContext(clock, 300));
    Result second = handler.handle(warning("evt-2", MEMBER, "us-east-1"), new TestContext(clock, 300));

    assertThat(second.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(second.reason().wireName()).isEqualTo("already-replaced");
    assertThat(emulator.assumedRoles()).hasSize(1);
    assertThat(ec2Calls()).extracting(SignedCall::accessKeyId).containsOnly("ASIA" + MEMBER + "0001");
  }

  @Test
  void eventFromAnotherRegion_isHandledThere_withTheFunctionsOwnCredentials() throws IOException {
    start("us-west-2", "us-east-1", StsConfig.DEFAULT);

    Result result = handler.handle(warning("evt-1", HOME, "us-west-2"), new TestContext(clock, 300));

    assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(result.availabilityZone()).startsWith("us-west-2");
    assertThat(emulator.assumedRoles()).isEmpty();
    assertThat(ec2Calls()).isNotEmpty().allSatisfy(call -> {
      assertThat(call.accessKeyId()).isEqualTo(Ec2Emulator.LOCAL_ACCESS_KEY_ID);
      assertThat(call.region()).isEqualTo("us-west-2");
    });
  }

  @Test
  void eventFromTheHomeAccountAndRegion_usesTheHomeClient_withoutSts() throws IOException {
    start("us-east-1", "us-east-1", StsConfig.DEFAULT);

    Result result = handler.handle(warning("evt-1", HOME, "us-east-1"), new TestContext(clock, 300));

    assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(emulator.signedCalls()).extracting(SignedCall::action)
        .doesNotContain("AssumeRole", "GetCallerIdentity");
    assertThat(ec2Calls()).extracting(SignedCall::accessKeyId).containsOnly(Ec2Emulator.LOCAL_ACCESS_KEY_ID);
  }

  @Test
  void memberRoleRefused_failsNamingTheRoleAndTheFix_withoutAnyEc2Call() throws IOException {
    start("us-east-1", "us-east-1", new StsConfig(HOME, Set.of("123456"), Set.of(MEMBER)));

    Result result = handler.handle(warning("evt-1", MEMBER, "us-east-1"), new TestContext(clock, 300));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason().wireName()).isEqualTo("member-role-not-assumed");
    assertThat(result.message()).isEqualTo("arn:aws:iam::222222222222:role/spot-replacer-member could not be"
        + " assumed (AccessDenied): create it in account 222222222222 with a trust policy naming this"
        + " function's role, or set MEMBER_ROLE_NAME");
    assertThat(result.eventId()).isEqualTo("evt-1");
    assertThat(emulator.actions()).isEmpty();
  }

  @Test
  void withoutAFunctionArn_theHomeAccountIsLearntOnce_byGetCallerIdentity() throws IOException {
    start("us-east-1", "us-east-1", StsConfig.DEFAULT);
    String local = "arn:aws:lambda:local:000000000000:function:spot-replacer";

    handler.handle(warning("evt-1", HOME, "us-east-1"), new TestContext(clock, 300, local));
    handler.handle(warning("evt-2", HOME, "us-east-1"), new TestContext(clock, 300, local));

    assertThat(emulator.signedCalls()).extracting(SignedCall::action)
        .filteredOn("GetCallerIdentity"::equals).hasSize(1);
    assertThat(emulator.assumedRoles()).isEmpty();
  }

  @Test
  void memberRoleName_mustBeARoleName_notAnArn() {
    assertThatThrownBy(() -> ClientCache.memberRoleName(Map.of("MEMBER_ROLE_NAME", "arn:aws:iam::1:role/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MEMBER_ROLE_NAME: 'arn:aws:iam::1:role/x' is not an IAM role name (up to 64 of letters,"
            + " digits and +=,.@_-; a name, not an ARN)");
    assertThat(ClientCache.memberRoleName(Map.of("MEMBER_ROLE_NAME", "ops-spot"))).isEqualTo("ops-spot");
  }

  @Test
  void functionArn_givesTheHomeAccount_onlyWhenItIsARealOne() {
    assertThat(AccountRouting.accountOf("arn:aws:lambda:us-east-1:123456789012:function:f")).contains(HOME);
    assertThat(AccountRouting.accountOf("arn:aws:lambda:local:000000000000:function:f")).isEmpty();
    assertThat(AccountRouting.accountOf(null)).isEmpty();
  }
}
