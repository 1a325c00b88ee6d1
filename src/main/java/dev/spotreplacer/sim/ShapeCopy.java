package dev.spotreplacer.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Copies one SDK shape into another by member name, recursively: how EC2 answers a launch
 * template's data (stored as the request's {@code RequestLaunchTemplateData}) in the response's
 * {@code ResponseLaunchTemplateData}, whose members carry the same names in parallel types.
 */
final class ShapeCopy {

  private ShapeCopy() {}

  static <T> T copy(SdkPojo source, Supplier<? extends SdkBuilder<?, T>> target) {
    SdkBuilder<?, T> builder = target.get();
    fill((SdkPojo) builder, source);
    return builder.build();
  }

  private static void fill(SdkPojo builder, SdkPojo source) {
    Map<String, SdkField<?>> byName = new HashMap<>();
    source.sdkFields().forEach(f -> byName.put(f.memberName(), f));
    for (SdkField<?> field : builder.sdkFields()) {
      SdkField<?> from = byName.get(field.memberName());
      if (from == null || from.marshallingType() != field.marshallingType()) {
        continue;
      }
      Object value = from.getValueOrDefault(source);
      if (value != null) {
        field.set(builder, value(value, field.marshallingType(), field::constructor, field.getTrait(ListTrait.class)));
      }
    }
  }

  private static Object value(Object value, MarshallingType<?> type, Supplier<Supplier<SdkPojo>> constructor,
      ListTrait list) {
    if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = constructor.get().get();
      fill(nested, (SdkPojo) value);
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = list.memberFieldInfo();
      return ((List<?>) value).stream()
          .map(v -> value(v, member.marshallingType(), member::constructor, member.getTrait(ListTrait.class)))
          .toList();
    }
    return value;
  }
}
