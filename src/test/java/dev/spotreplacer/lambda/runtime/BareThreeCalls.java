package dev.spotreplacer.lambda.runtime;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

/**
 * The benchmark's yardstick: the least a program can do to replace an instance. It builds an
 * EC2 client (region from AWS_REGION, the SDK's default credentials and AWS_ENDPOINT_URL, the
 * url-connection HTTP client) and makes the three calls: describe, price history, request.
 */
public final class BareThreeCalls {

  private BareThreeCalls() {}

  public static void main(String[] args) {
    String instanceId = args[0];
    try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(System.getenv("AWS_REGION")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      var instance = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
      var price = ec2.describeSpotPriceHistory(r -> r.instanceTypesWithStrings(instance.instanceTypeAsString())
          .availabilityZone(instance.placement().availabilityZone()).productDescriptions("Linux/UNIX"))
          .spotPriceHistory().get(0);
      ec2.requestSpotInstances(r -> r.instanceCount(1).type(SpotInstanceType.ONE_TIME)
          .clientToken("bare-" + instanceId).launchSpecification(l -> l.imageId(instance.imageId())
              .instanceType(instance.instanceTypeAsString()).subnetId(instance.subnetId())
              .placement(p -> p.availabilityZone(price.availabilityZone()))));
    }
  }
}
