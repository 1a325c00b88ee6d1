package dev.spotreplacer.manual;

import dev.spotreplacer.event.InvalidEventException;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** One of the hand-run spot tasks (price, launch, list, cancel), validated on construction. */
public sealed interface ManualTask {

  Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\d[a-z0-9-]*\\.[a-z0-9]+");
  // Ids are checked by prefix only, as the AWS CLI leaves them to EC2: EC2 promises no length (it
  // lengthened instance and volume ids before), and a well-formed unknown id is EC2's to refuse.
  Pattern AMI = Pattern.compile("ami-[0-9a-zA-Z]+");
  Pattern SUBNET = Pattern.compile("subnet-[0-9a-zA-Z]+");
  Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]+");
  Pattern SPOT_REQUEST = Pattern.compile("sir-[0-9a-zA-Z]+");
  List<String> PRODUCTS = List.of("Linux/UNIX", "Linux/UNIX (Amazon VPC)", "Windows", "Windows (Amazon VPC)",
      "Red Hat Enterprise Linux", "SUSE Linux");

  /** The current spot price of each type in each zone. */
  record Prices(List<String> instanceTypes, String product) implements ManualTask {
    public Prices {
      if (instanceTypes == null || instanceTypes.isEmpty()) {
        throw new InvalidEventException("instance-types", "instance-types is missing: name one or more, e.g. m5.large,m6i.large");
      }
      instanceTypes = List.copyOf(instanceTypes);
      instanceTypes.forEach(t -> require(t, INSTANCE_TYPE, "instance-types", "an instance type such as m5.large"));
      if (product == null) {
        product = "Linux/UNIX";
      }
      if (!PRODUCTS.contains(product)) {
        throw new InvalidEventException("product", "product '" + product + "' is not one of " + String.join(", ", PRODUCTS));
      }
    }
  }

  /** A one-time spot request, watched until its instance runs (or DryRun only). */
  record Launch(String imageId, String instanceType, String keyName, List<String> securityGroupIds, String subnetId,
      BigDecimal maxPrice, boolean dryRun) implements ManualTask {
    public Launch {
      require(imageId, AMI, "ami", "an AMI id such as ami-0123456789abcdef0");
      require(instanceType, INSTANCE_TYPE, "instance-type", "an instance type such as m5.large");
      if (keyName != null && keyName.isBlank()) {
        throw new InvalidEventException("key-name", "key-name must not be blank (leave it out for no key pair)");
      }
      securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
      securityGroupIds.forEach(g -> require(g, SECURITY_GROUP, "security-group-ids", "a security group id such as sg-0123456789abcdef0"));
      require(subnetId, SUBNET, "subnet-id", "a subnet id such as subnet-0123456789abcdef0");
      if (maxPrice != null && maxPrice.signum() <= 0) {
        throw new InvalidEventException("max-price", "max-price " + maxPrice.toPlainString()
            + " must be a positive USD hourly price such as 0.05 (leave it out to cap at the on-demand price)");
      }
    }
  }

  /** The account's spot requests, their states and status codes. */
  record Requests() implements ManualTask {}

  /** Cancels a spot request; with {@code terminate}, also terminates the instance it launched. */
  record Cancel(String spotRequestId, boolean terminate) implements ManualTask {
    public Cancel {
      require(spotRequestId, SPOT_REQUEST, "request-id", "a spot request id such as sir-0a1b2c3d");
    }
  }

  private static void require(String value, Pattern pattern, String field, String expected) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field, field + " is missing: it must be " + expected);
    }
    if (!pattern.matcher(value).matches()) {
      throw new InvalidEventException(field, field + " '" + value + "' is not " + expected);
    }
  }
}
