package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Compares two instances attribute by attribute, as DescribeInstances reports them (every field of
 * the SDK's Instance, nested ones flattened to paths such as {@code MetadataOptions.HttpTokens}).
 * Tags are compared apart, as a map. What may differ between an original and its replacement is
 * listed in {@link #EXPECTED_DIFFERENCES}, each with the reason.
 */
final class InstanceComparison {

  /** Attribute paths a replacement has of its own, and why. */
  static final Map<Pattern, String> EXPECTED_DIFFERENCES = differences(
      "InstanceId", "a new instance",
      "LaunchTime|UsageOperationUpdateTime", "launched later",
      "ClientToken|SpotInstanceRequestId", "its own launch call",
      "PrivateIpAddress|PrivateDnsName", "EC2 assigns a new private address; the old instance holds its own"
          + " until it is terminated (a secondary network interface follows for an address that must stay)",
      "NetworkInterfaces\\[0]\\.(PrivateIpAddress|PrivateDnsName)", "the same new primary address",
      "NetworkInterfaces\\[0]\\.PrivateIpAddresses\\[\\d+]\\.(PrivateIpAddress|PrivateDnsName)",
          "as many secondary private addresses, new ones",
      "PublicIpAddress|PublicDnsName|NetworkInterfaces\\[0]\\.Association\\.PublicIp",
          "a public address EC2 assigns anew (an Elastic IP is moved instead)",
      "NetworkInterfaces\\[0]\\.Ipv6Addresses\\[\\d+]\\.Ipv6Address", "as many IPv6 addresses, new ones",
      "NetworkInterfaces\\[0]\\.(NetworkInterfaceId|MacAddress|Attachment\\.AttachmentId|Attachment\\.AttachTime)",
          "a new primary network interface",
      "BlockDeviceMappings\\[\\d+]\\.Ebs\\.(VolumeId|AttachTime)", "root and scratch volumes are recreated");

  private InstanceComparison() {}

  /** Paths whose values differ (or exist on one side only), with both values. */
  static Map<String, String> differences(Instance original, Instance replacement) {
    Map<String, String> a = flatten(original.toBuilder().tags(List.of()).build());
    Map<String, String> b = flatten(replacement.toBuilder().tags(List.of()).build());
    Map<String, String> differ = new LinkedHashMap<>();
    for (String path : union(a, b)) {
      String left = a.get(path);
      String right = b.get(path);
      if (left == null ? right != null : !left.equals(right)) {
        differ.put(path, left + " -> " + right);
      }
    }
    return differ;
  }

  /** The differences no entry of {@link #EXPECTED_DIFFERENCES} explains. */
  static Map<String, String> unexplained(Instance original, Instance replacement) {
    Map<String, String> left = new LinkedHashMap<>();
    differences(original, replacement).forEach((path, values) -> {
      if (EXPECTED_DIFFERENCES.keySet().stream().noneMatch(p -> p.matcher(path).matches())) {
        left.put(path, values);
      }
    });
    return left;
  }

  static Map<String, String> flatten(SdkPojo pojo) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", pojo, out);
    return out;
  }

  private static void flatten(String prefix, Object value, Map<String, String> out) {
    if (value == null) {
      return;
    }
    if (value instanceof SdkPojo pojo) {
      for (SdkField<?> field : pojo.sdkFields()) {
        flatten(prefix.isEmpty() ? field.memberName() : prefix + "." + field.memberName(),
            field.getValueOrDefault(pojo), out);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.put(prefix, String.valueOf(value));
    }
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    List<String> paths = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(paths::add);
    return paths;
  }

  private static Map<Pattern, String> differences(String... patternsAndReasons) {
    Map<Pattern, String> map = new LinkedHashMap<>();
    for (int i = 0; i < patternsAndReasons.length; i += 2) {
      map.put(Pattern.compile(patternsAndReasons[i]), patternsAndReasons[i + 1]);
    }
    return map;
  }
}
