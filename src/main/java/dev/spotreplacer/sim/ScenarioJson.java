package dev.spotreplacer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses scenario JSON by hand so every error names the field at fault, e.g. {@code pools[1].price}. */
final class ScenarioJson {

  private static final Set<String> TOP = Set.of("region", "instances", "subnets", "pools", "timing", "seed",
      "volumes", "addresses", "interruption",
      "throttling", "faults", "deny", "spotServiceLinkedRole", "rules", "onDemandPrices");
  private static final Set<String> INSTANCE = Set.of("instanceId", "instanceType", "availabilityZone", "subnetId",
      "imageId", "lifecycle", "state", "tags", "userData", "securityGroupIds", "keyName", "iamInstanceProfileArn",
      "ebsOptimized", "monitoring", "platform", "spotRequestType", "options", "rootKmsKeyId");
  private static final Set<String> OPTIONS = Set.of("httpTokens", "httpPutResponseHopLimit", "httpEndpoint",
      "instanceMetadataTags", "coreCount", "threadsPerCore", "creditSpecification", "placementGroup", "tenancy",
      "hibernation", "ipv6AddressCount", "associatePublicIp", "secondaryPrivateIpCount", "sourceDestCheck",
      "volumeTags", "secondaryInterfaces");
  private static final Set<String> INTERFACE = Set.of("networkInterfaceId", "deviceIndex", "deleteOnTermination",
      "tags");
  private static final Set<String> POOL =
      Set.of("instanceType", "availabilityZone", "price", "capacity", "failWith", "productDescription");
  private static final Set<String> SUBNET = Set.of("subnetId", "availabilityZone");
  private static final Set<String> VOLUME = Set.of("volumeId", "availabilityZone", "sizeGiB", "volumeType",
      "instanceId", "device", "deleteOnTermination", "tags");
  private static final Set<String> ADDRESS = Set.of("allocationId", "publicIp", "instanceId");
  private static final Set<String> INTERRUPTION = Set.of("instanceId", "terminateAfterSeconds");
  private static final Set<String> TIMING = Set.of("evaluateSeconds", "fulfillSeconds", "bootSeconds",
      "staleSeconds", "terminatedSeconds");
  private static final int DEFAULT_CAPACITY = 10;
  private static final long DEFAULT_SEED = 1;

  private ScenarioJson() {}

  static Scenario parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("scenario is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("scenario must be a JSON object");
    }
    known(root, TOP, "");
    String region = text(root, "region", "", true);
    List<Scenario.InstanceSpec> instances = new ArrayList<>();
    JsonNode instanceNodes = array(root, "instances", "");
    for (int i = 0; i < instanceNodes.size(); i++) {
      instances.add(instance(instanceNodes.get(i), "instances[" + i + "]."));
    }
    List<Scenario.PoolSpec> pools = new ArrayList<>();
    JsonNode poolNodes = array(root, "pools", "");
    for (int i = 0; i < poolNodes.size(); i++) {
      pools.add(pool(poolNodes.get(i), "pools[" + i + "]."));
    }
    List<Scenario.SubnetSpec> subnets = new ArrayList<>();
    JsonNode subnetNodes = array(root, "subnets", "");
    for (int i = 0; i < subnetNodes.size(); i++) {
      subnets.add(subnet(subnetNodes.get(i), "subnets[" + i + "]."));
    }
    Scenario.Timing timing = timing(root.get("timing"));
    long seed = root.hasNonNull("seed") ? integral(root.get("seed"), "seed") : DEFAULT_SEED;
    List<VolumeSpec> volumes = new ArrayList<>();
    JsonNode volumeNodes = array(root, "volumes", "");
    for (int i = 0; i < volumeNodes.size(); i++) {
      volumes.add(volume(volumeNodes.get(i), "volumes[" + i + "]."));
    }
    List<AddressSpec> addresses = new ArrayList<>();
    JsonNode addressNodes = array(root, "addresses", "");
    for (int i = 0; i < addressNodes.size(); i++) {
      addresses.add(address(addressNodes.get(i), "addresses[" + i + "]."));
    }
    InterruptionSpec interruption = interruption(root.get("interruption"));
    Conditions conditions = ConditionsJson.parse(root);
    List<RuleSpec> rules = RulesJson.parse(root);
    List<OnDemandPriceSpec> onDemandPrices = OnDemandPricesJson.parse(root);
    return build("", () -> new Scenario(region, instances, pools, timing, seed, subnets, volumes, addresses,
        interruption, conditions, rules, onDemandPrices));
  }

  private static VolumeSpec volume(JsonNode node, String path) {
    object(node, path);
    known(node, VOLUME, path);
    int size = node.hasNonNull("sizeGiB") ? Math.toIntExact(integral(node.get("sizeGiB"), path + "sizeGiB")) : 8;
    return build(path, () -> new VolumeSpec(
        text(node, "volumeId", path, true),
        text(node, "availabilityZone", path, false),
        size,
        text(node, "volumeType", path, false),
        text(node, "instanceId", path, false),
        text(node, "device", path, false),
        bool(node, "deleteOnTermination", path),
        tags(node.get("tags"), path + "tags")));
  }

  private static AddressSpec address(JsonNode node, String path) {
    object(node, path);
    known(node, ADDRESS, path);
    return build(path, () -> new AddressSpec(
        text(node, "allocationId", path, true),
        text(node, "publicIp", path, true),
        text(node, "instanceId", path, false)));
  }

  private static InterruptionSpec interruption(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String path = "interruption.";
    object(node, path);
    known(node, INTERRUPTION, path);
    int after = node.hasNonNull("terminateAfterSeconds")
        ? Math.toIntExact(integral(node.get("terminateAfterSeconds"), path + "terminateAfterSeconds"))
        : InterruptionSpec.DEFAULT_SECONDS;
    return build(path, () -> new InterruptionSpec(text(node, "instanceId", path, true), after));
  }

  private static Scenario.InstanceSpec instance(JsonNode node, String path) {
    object(node, path);
    known(node, INSTANCE, path);
    Scenario.InstanceSpec.Builder builder = build(path, () -> Scenario.InstanceSpec.builder(
            text(node, "instanceId", path, true),
            text(node, "instanceType", path, true),
            text(node, "availabilityZone", path, true)))
        .subnetId(text(node, "subnetId", path, false))
        .imageId(text(node, "imageId", path, false))
        .lifecycle(text(node, "lifecycle", path, false))
        .state(text(node, "state", path, false))
        .tags(tags(node.get("tags"), path + "tags"))
        .userData(text(node, "userData", path, false))
        .securityGroupIds(strings(node.get("securityGroupIds"), path + "securityGroupIds"))
        .keyName(text(node, "keyName", path, false))
        .iamInstanceProfileArn(text(node, "iamInstanceProfileArn", path, false))
        .ebsOptimized(bool(node, "ebsOptimized", path))
        .monitoring(bool(node, "monitoring", path))
        .platform(text(node, "platform", path, false))
        .spotRequestType(text(node, "spotRequestType", path, false))
        .options(options(node.get("options"), path + "options."))
        .rootKmsKeyId(text(node, "rootKmsKeyId", path, false));
    return build(path, builder::build);
  }

  /** An instance's launch options; absent fields keep EC2's defaults. */
  private static LaunchOptions options(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    object(node, path);
    known(node, OPTIONS, path);
    LaunchOptions.Builder b = new LaunchOptions.Builder();
    b.metadata(text(node, "httpTokens", path, false), whole(node, "httpPutResponseHopLimit", path),
        text(node, "httpEndpoint", path, false), text(node, "instanceMetadataTags", path, false));
    b.coreCount = whole(node, "coreCount", path);
    b.threadsPerCore = whole(node, "threadsPerCore", path);
    b.creditSpecification = text(node, "creditSpecification", path, false);
    b.placementGroup = text(node, "placementGroup", path, false);
    String tenancy = text(node, "tenancy", path, false);
    b.tenancy = tenancy == null ? b.tenancy : tenancy;
    b.hibernation = bool(node, "hibernation", path);
    Integer ipv6 = whole(node, "ipv6AddressCount", path);
    b.ipv6AddressCount = ipv6 == null ? 0 : ipv6;
    b.associatePublicIp = node.hasNonNull("associatePublicIp") ? bool(node, "associatePublicIp", path) : null;
    Integer secondary = whole(node, "secondaryPrivateIpCount", path);
    b.secondaryPrivateIpCount = secondary == null ? 0 : secondary;
    b.sourceDestCheck = !node.hasNonNull("sourceDestCheck") || bool(node, "sourceDestCheck", path);
    b.volumeTags = tags(node.get("volumeTags"), path + "volumeTags");
    JsonNode nics = node.get("secondaryInterfaces");
    if (nics != null && !nics.isNull()) {
      if (!nics.isArray()) {
        throw new IllegalArgumentException(path + "secondaryInterfaces must be a JSON array");
      }
      List<LaunchOptions.SecondaryInterface> list = new ArrayList<>();
      for (int i = 0; i < nics.size(); i++) {
        String at = path + "secondaryInterfaces[" + i + "].";
        JsonNode nic = nics.get(i);
        object(nic, at);
        known(nic, INTERFACE, at);
        Integer index = whole(nic, "deviceIndex", at);
        list.add(new LaunchOptions.SecondaryInterface(text(nic, "networkInterfaceId", at, true),
            index == null ? 1 : index, bool(nic, "deleteOnTermination", at), tags(nic.get("tags"), at + "tags")));
      }
      b.secondaryInterfaces = list;
    }
    return b.build();
  }

  private static Integer whole(JsonNode node, String field, String path) {
    return node.hasNonNull(field) ? Math.toIntExact(integral(node.get(field), path + field)) : null;
  }

  private static Scenario.PoolSpec pool(JsonNode node, String path) {
    object(node, path);
    known(node, POOL, path);
    JsonNode priceNode = node.get("price");
    if (priceNode == null || priceNode.isNull()) {
      throw new IllegalArgumentException(path + "price is required");
    }
    if (!priceNode.isTextual() && !priceNode.isNumber()) {
      throw new IllegalArgumentException(path + "price must be a decimal string such as \"0.0350\"");
    }
    String price = priceNode.isNumber() ? priceNode.decimalValue().toPlainString() : priceNode.asText();
    int capacity = node.hasNonNull("capacity") ? Math.toIntExact(integral(node.get("capacity"), path + "capacity"))
        : DEFAULT_CAPACITY;
    return build(path, () -> new Scenario.PoolSpec(
        text(node, "instanceType", path, true),
        text(node, "availabilityZone", path, true),
        price,
        capacity,
        text(node, "failWith", path, false),
        text(node, "productDescription", path, false)));
  }

  private static Scenario.SubnetSpec subnet(JsonNode node, String path) {
    object(node, path);
    known(node, SUBNET, path);
    return build(path, () -> new Scenario.SubnetSpec(
        text(node, "subnetId", path, true), text(node, "availabilityZone", path, true)));
  }

  private static Scenario.Timing timing(JsonNode node) {
    if (node == null || node.isNull()) {
      return Scenario.Timing.DEFAULT;
    }
    object(node, "timing.");
    known(node, TIMING, "timing.");
    Scenario.Timing d = Scenario.Timing.DEFAULT;
    int evaluate = seconds(node, "evaluateSeconds", d.evaluateSeconds());
    int fulfill = seconds(node, "fulfillSeconds", d.fulfillSeconds());
    int boot = seconds(node, "bootSeconds", d.bootSeconds());
    int stale = seconds(node, "staleSeconds", d.staleSeconds());
    int terminated = seconds(node, "terminatedSeconds", d.terminatedSeconds());
    return build("timing.", () -> new Scenario.Timing(evaluate, fulfill, boot, stale, terminated));
  }

  private static int seconds(JsonNode node, String field, int fallback) {
    return node.hasNonNull(field) ? Math.toIntExact(integral(node.get(field), "timing." + field)) : fallback;
  }

  /** Runs a constructor, prefixing its field-named message with where the object sits in the file. */
  private static <T> T build(String path, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message != null && !path.isEmpty() && !message.startsWith(path)) {
        message = path + message;
      }
      throw new IllegalArgumentException(message, e);
    }
  }

  private static void object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path.substring(0, path.length() - 1) + " must be a JSON object");
    }
  }

  private static void known(JsonNode node, Set<String> fields, String path) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException(path + name + " is not a known field; known fields are "
            + fields.stream().sorted().toList());
      }
    }
  }

  private static JsonNode array(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return new ObjectMapper().createArrayNode();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(path + field + " must be a JSON array");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String path, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException(path + field + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(path + field + " must be a string");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(path + field + " must be true or false");
    }
    return value.asBoolean();
  }

  private static long integral(JsonNode value, String path) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(path + " must be a whole number");
    }
    long number = value.asLong();
    if (!path.equals("seed") && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(path + " is out of range");
    }
    return number;
  }

  private static Map<String, String> tags(JsonNode node, String path) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return tags;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + " must be a JSON object of strings");
    }
    node.properties().forEach(entry -> {
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException(path + "." + entry.getKey() + " must be a string");
      }
      tags.put(entry.getKey(), entry.getValue().asText());
    });
    return tags;
  }

  private static List<String> strings(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(path + " must be a JSON array of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw new IllegalArgumentException(path + "[" + i + "] must be a string");
      }
      values.add(node.get(i).asText());
    }
    return values;
  }
}
