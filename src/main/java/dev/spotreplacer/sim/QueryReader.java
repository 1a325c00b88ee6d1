package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads EC2 Query parameters into an SDK request builder by walking its {@code sdkFields()}, so the
 * parameter names are exactly the ones the SDK (and the CLI, which shares the model) sends:
 * {@code InstanceId.1}, {@code Filter.1.Value.2}, {@code LaunchSpecification.Placement.AvailabilityZone}.
 */
final class QueryReader {

  /** Parameters that belong to the protocol envelope or a query-string signature, not to the request. */
  private static final Set<String> ENVELOPE =
      Set.of("Action", "Version", "AWSAccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
          "Timestamp", "Expires", "SecurityToken");

  private final Map<String, String> params;
  private final Set<String> used = new HashSet<>();

  private QueryReader(Map<String, String> params) {
    this.params = params;
  }

  /** Fills {@code builder} from {@code params}; a parameter the request does not have is an error, as in EC2. */
  static <Q> Q read(SdkBuilder<?, Q> builder, Map<String, String> params) {
    QueryReader reader = new QueryReader(params);
    reader.fill((SdkPojo) builder, "");
    for (String key : params.keySet()) {
      if (!reader.used.contains(key) && !ENVELOPE.contains(key) && !key.startsWith("X-Amz-")) {
        throw new Ec2Fault("UnknownParameter", "The parameter " + key + " is not recognized");
      }
    }
    return builder.build();
  }

  private void fill(SdkPojo builder, String prefix) {
    for (SdkField<?> field : builder.sdkFields()) {
      String name = prefix + field.locationName();
      Object value =
          readValue(field.marshallingType(), field::constructor, field.getTrait(ListTrait.class), name);
      if (value != null) {
        field.set(builder, value);
      }
    }
  }

  private Object readValue(
      MarshallingType<?> type, Supplier<Supplier<SdkPojo>> constructor, ListTrait list, String name) {
    if (type == MarshallingType.SDK_POJO) {
      if (!hasKeyUnder(name + ".")) {
        return null;
      }
      SdkPojo nested = constructor.get().get();
      fill(nested, name + ".");
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      return readList(list, name);
    }
    if (type == MarshallingType.MAP) {
      // No action the emulator serves takes a map; leaving the keys unused reports them as unknown.
      return null;
    }
    String raw = params.get(name);
    if (raw == null) {
      return null;
    }
    used.add(name);
    return convert(type, name, raw);
  }

  private List<Object> readList(ListTrait list, String name) {
    // EC2 flattens every list as Name.1, Name.2 ... (1-based, gaps allowed) whatever the member name.
    TreeSet<Integer> indexes = new TreeSet<>();
    String dotted = name + ".";
    for (String key : params.keySet()) {
      if (key.startsWith(dotted)) {
        String rest = key.substring(dotted.length());
        int end = rest.indexOf('.');
        String index = end < 0 ? rest : rest.substring(0, end);
        if (!index.isEmpty() && index.chars().allMatch(Character::isDigit) && index.length() < 9) {
          indexes.add(Integer.parseInt(index));
        }
      }
    }
    boolean emptyListSent = params.containsKey(name);
    if (emptyListSent) {
      used.add(name);
    }
    if (indexes.isEmpty()) {
      return emptyListSent ? new ArrayList<>() : null;
    }
    SdkField<?> member = list.memberFieldInfo();
    List<Object> values = new ArrayList<>();
    for (int index : indexes) {
      Object value =
          readValue(member.marshallingType(), member::constructor, member.getTrait(ListTrait.class), dotted + index);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private boolean hasKeyUnder(String prefix) {
    return params.keySet().stream().anyMatch(key -> key.startsWith(prefix));
  }

  private static Object convert(MarshallingType<?> type, String name, String raw) {
    try {
      if (type == MarshallingType.STRING) {
        return raw;
      } else if (type == MarshallingType.INTEGER) {
        return Integer.valueOf(raw.trim());
      } else if (type == MarshallingType.LONG) {
        return Long.valueOf(raw.trim());
      } else if (type == MarshallingType.SHORT) {
        return Short.valueOf(raw.trim());
      } else if (type == MarshallingType.BYTE) {
        return Byte.valueOf(raw.trim());
      } else if (type == MarshallingType.DOUBLE) {
        return Double.valueOf(raw.trim());
      } else if (type == MarshallingType.FLOAT) {
        return Float.valueOf(raw.trim());
      } else if (type == MarshallingType.BIG_DECIMAL) {
        return new BigDecimal(raw.trim());
      } else if (type == MarshallingType.BOOLEAN) {
        return parseBoolean(name, raw);
      } else if (type == MarshallingType.INSTANT) {
        return parseInstant(raw.trim());
      } else if (type == MarshallingType.SDK_BYTES) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(raw.trim()));
      }
    } catch (NumberFormatException e) {
      throw Ec2Fault.invalid(name, raw, "Expected a number.");
    } catch (DateTimeParseException e) {
      throw Ec2Fault.invalid(name, raw, "Expected an ISO 8601 timestamp.");
    } catch (IllegalArgumentException e) {
      throw Ec2Fault.invalid(name, raw, "Expected base64 data.");
    }
    throw new Ec2Fault("UnknownParameter", "The parameter " + name + " is not recognized");
  }

  private static Boolean parseBoolean(String name, String raw) {
    if ("true".equalsIgnoreCase(raw.trim())) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(raw.trim())) {
      return Boolean.FALSE;
    }
    throw Ec2Fault.invalid(name, raw, "Expected true or false.");
  }

  /** The SDK sends 2024-01-01T00:00:00Z; botocore may add fractions; a bare epoch second is accepted too. */
  static Instant parseInstant(String raw) {
    if (!raw.isEmpty() && raw.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(raw));
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(raw).toInstant();
      } catch (DateTimeParseException notOffset) {
        return LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
      }
    }
  }
}
