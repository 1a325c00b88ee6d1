package dev.spotreplacer.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Writes SDK response objects as EC2 Query XML by walking their {@code sdkFields()}: element names
 * are the unmarshall names the SDK reads back, list members are wrapped in {@code <item>}.
 */
final class XmlWriter {

  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder xml = new StringBuilder(1024);

  private XmlWriter() {}

  /** {@code <ActionResponse xmlns=...><requestId>..</requestId>...</ActionResponse>}. */
  static String response(String action, String requestId, SdkPojo response) {
    XmlWriter writer = new XmlWriter();
    writer.xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writer.xml.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
    writer.element("requestId", requestId);
    int before = writer.xml.length();
    writer.fields(response);
    if (writer.xml.length() == before) {
      // Operations without output (CreateTags, DeleteTags ...) answer <return>true</return> in EC2.
      writer.element("return", "true");
    }
    writer.xml.append("</").append(action).append("Response>");
    return writer.xml.toString();
  }

  /** EC2's error document; note the capitalised RequestID, unlike successful responses. */
  static String error(String code, String message, String requestId) {
    XmlWriter writer = new XmlWriter();
    writer.xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>");
    writer.element("Code", code);
    writer.element("Message", message);
    writer.xml.append("</Error></Errors>");
    writer.element("RequestID", requestId);
    writer.xml.append("</Response>");
    return writer.xml.toString();
  }

  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  private void fields(SdkPojo pojo) {
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
        continue;
      }
      value(field.unmarshallLocationName(), field, value);
    }
  }

  private void value(String name, SdkField<?> field, Object value) {
    if (value instanceof List<?> list) {
      list(name, field.getTrait(ListTrait.class), list);
    } else if (value instanceof SdkPojo pojo) {
      xml.append('<').append(name).append('>');
      fields(pojo);
      xml.append("</").append(name).append('>');
    } else {
      element(name, scalar(value));
    }
  }

  private void list(String name, ListTrait trait, List<?> list) {
    SdkField<?> member = trait.memberFieldInfo();
    String memberName = trait.memberLocationName() == null ? "member" : trait.memberLocationName();
    if (trait.isFlattened()) {
      list.forEach(item -> value(name, member, item));
      return;
    }
    if (list.isEmpty()) {
      xml.append('<').append(name).append("/>");
      return;
    }
    xml.append('<').append(name).append('>');
    list.forEach(item -> value(memberName, member, item));
    xml.append("</").append(name).append('>');
  }

  private static String scalar(Object value) {
    if (value instanceof Instant instant) {
      return timestamp(instant);
    }
    if (value instanceof SdkBytes bytes) {
      return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }
    return String.valueOf(value);
  }

  private void element(String name, String text) {
    xml.append('<').append(name).append('>');
    escape(text);
    xml.append("</").append(name).append('>');
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> xml.append("&amp;");
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '"' -> xml.append("&quot;");
        case '\'' -> xml.append("&apos;");
        default -> xml.append(c);
      }
    }
  }
}
