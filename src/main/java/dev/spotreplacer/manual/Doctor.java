package dev.spotreplacer.manual;

import dev.spotreplacer.replace.TagKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Checks what a replacement needs, without changing anything: credentials, region, the EC2
 * permissions (by DryRun, which EC2 answers with DryRunOperation when allowed and
 * UnauthorizedOperation when not), the EventBridge rule that should invoke the function, and names
 * what it cannot check from here.
 */
public final class Doctor {

  /** One line of the report; {@code fix} is empty when there is nothing to do. */
  public record Check(Status status, String name, String detail, String fix) {}

  /** ok, fail, unknown (not checkable with these clients), or warn (works, but not as deployed by the template). */
  public enum Status { OK, FAIL, UNKNOWN, WARN }

  private static final String ANY_SPOT_REQUEST = "sir-00000000";
  private static final String ANY_INSTANCE = "i-00000000000000000";

  private final Ec2Client ec2;
  private final StsClient sts;
  private final Region region;
  private final EventBridgeClient events;

  public Doctor(Ec2Client ec2, StsClient sts, EventBridgeClient events, Region region) {
    this.ec2 = ec2;
    this.sts = sts;
    this.events = events;
    this.region = region;
  }

  public List<Check> run() {
    List<Check> checks = new ArrayList<>();
    try {
      GetCallerIdentityResponse me = sts.getCallerIdentity(r -> { });
      checks.add(new Check(Status.OK, "credentials", me.arn() + " (account " + me.account() + ")", ""));
    } catch (SdkException e) {
      checks.add(callerIdentityFailure(e));
      return checks;
    }
    try {
      int zones = ec2.describeAvailabilityZones(r -> { }).availabilityZones().size();
      checks.add(new Check(Status.OK, "region", region.id() + " (" + zones + " zones)", ""));
    } catch (SdkException e) {
      checks.add(unreachable(e).orElseGet(() -> new Check(Status.FAIL, "region", region.id() + ": " + describe(e),
          "pass --region with a region EC2 serves, e.g. us-east-1")));
      return checks;
    }
    permission(checks, "DescribeInstances", () -> ec2.describeInstances(r -> r.dryRun(true)));
    permission(checks, "DescribeSpotPriceHistory", () -> ec2.describeSpotPriceHistory(r -> r.dryRun(true)));
    permission(checks, "DescribeSpotInstanceRequests", () -> ec2.describeSpotInstanceRequests(r -> r.dryRun(true)));
    permission(checks, "RequestSpotInstances", () -> ec2.requestSpotInstances(r -> r.dryRun(true)
        .type(SpotInstanceType.ONE_TIME).instanceCount(1)
        .launchSpecification(s -> s.imageId("ami-00000000000000000").instanceType("t3.micro"))));
    // EC2 may check that an id exists before the DryRun permission check: use a real one if any.
    String request = firstSpotRequest().orElse(ANY_SPOT_REQUEST);
    permission(checks, "CancelSpotInstanceRequests",
        () -> ec2.cancelSpotInstanceRequests(r -> r.dryRun(true).spotInstanceRequestIds(request)));
    String instance = firstInstance().orElse(ANY_INSTANCE);
    permission(checks, "CreateTags", () -> ec2.createTags(r -> r.dryRun(true).resources(instance)
        .tags(Tag.builder().key(TagKeys.REPLACES).value(instance).build())));
    // There is no IAM in the emulator, and reading IAM needs permissions the tool does not ask for.
    checks.add(new Check(Status.UNKNOWN, "spot service-linked role", "not checked from here",
        "check with: aws iam get-role --role-name AWSServiceRoleForEC2Spot; create with: aws iam"
            + " create-service-linked-role --aws-service-name spot.amazonaws.com"));
    checks.addAll(new RuleCheck(events, region).run());
    return checks;
  }

  private java.util.Optional<String> firstSpotRequest() {
    try {
      return ec2.describeSpotInstanceRequests(r -> r.maxResults(5)).spotInstanceRequests().stream()
          .map(q -> q.spotInstanceRequestId()).findFirst();
    } catch (SdkException e) {
      return java.util.Optional.empty();
    }
  }

  private java.util.Optional<String> firstInstance() {
    try {
      return ec2.describeInstances(r -> r.maxResults(5)).reservations().stream()
          .flatMap(v -> v.instances().stream()).map(i -> i.instanceId()).findFirst();
    } catch (SdkException e) {
      return java.util.Optional.empty();
    }
  }

  private static void permission(List<Check> checks, String action, Runnable dryRun) {
    String name = "ec2:" + action;
    try {
      dryRun.run();
      // Only a DryRun that EC2 ignores succeeds outright; the permission is there either way.
      checks.add(new Check(Status.OK, name, "allowed", ""));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("DryRunOperation".equals(code)) {
        checks.add(new Check(Status.OK, name, "allowed (DryRun)", ""));
      } else if ("UnauthorizedOperation".equals(code) || "AccessDenied".equals(code)) {
        checks.add(new Check(Status.FAIL, name, "denied (" + code + ")",
            "allow " + name + " for these credentials (template.yaml grants it to the function)"));
      } else {
        checks.add(new Check(Status.UNKNOWN, name, "DryRun could not tell (EC2 answered " + code + ")",
            "check the policy for " + name));
      }
    }
  }

  /** STS answers GetCallerIdentity to any valid credentials, so its failure is one of three things. */
  static Check callerIdentityFailure(SdkException e) {
    Optional<Check> network = unreachable(e);
    if (network.isPresent()) {
      return network.get();
    }
    String code = describe(e);
    if ("AccessDenied".equals(code)) {
      // Only an explicit deny (an SCP, a permissions boundary) refuses GetCallerIdentity.
      return new Check(Status.FAIL, "permission", "sts:GetCallerIdentity denied (AccessDenied)",
          "a policy (SCP or permissions boundary) denies sts:GetCallerIdentity to these credentials");
    }
    if (e instanceof AwsServiceException) {
      return new Check(Status.FAIL, "credentials", "STS refused them (" + code + ")",
          "the keys are wrong, expired or for another partition: refresh them (aws sso login, aws configure)");
    }
    return new Check(Status.FAIL, "credentials", "none found",
        "configure credentials: aws configure, --profile or AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
  }

  /** A call that never reached the service: connection refused, unknown host, timeout, TLS. */
  static Optional<Check> unreachable(SdkException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        String what = io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
        return Optional.of(new Check(Status.FAIL, "network", "could not reach the endpoint (" + what + ")",
            "check the network, proxy settings (HTTPS_PROXY) and --endpoint-url; credentials were not checked"));
      }
    }
    return Optional.empty();
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
