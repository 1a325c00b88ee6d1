package dev.spotreplacer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;

class ForwardingEc2ClientTest {

  private static final Pattern CALL = Pattern.compile("\\b([a-z][A-Za-z0-9]*)\\s*\\(");

  @Test
  void everyEc2ActionNamedInTheMainSources_isForwarded() throws IOException {
    Set<String> actions = Arrays.stream(Ec2Client.class.getMethods())
        .filter(m -> m.getParameterCount() == 1 && SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0]))
        .map(Method::getName)
        .collect(Collectors.toSet());
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        Matcher m = CALL.matcher(read(f));
        while (m.find()) {
          String name = m.group(1).endsWith("Paginator")
              ? m.group(1).substring(0, m.group(1).length() - "Paginator".length()) : m.group(1);
          if (actions.contains(name)) {
            named.add(name);
          }
        }
      });
    }
    Set<String> forwarded = Arrays.stream(ForwardingEc2Client.class.getDeclaredMethods())
        .filter(m -> m.getParameterCount() == 1 && SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0]))
        .map(Method::getName)
        .collect(Collectors.toSet());
    assertThat(named).contains("describeInstances", "requestSpotInstances");
    assertThat(forwarded).as("add these to ForwardingEc2Client").containsAll(named);
  }

  @Test
  void consumerOverloadsAndPaginatorPages_areCountedOnce() {
    ApiCalls calls = new ApiCalls();
    Ec2Client counted = CountingEc2Client.wrap(new StubEc2Client(), calls);

    counted.describeInstances(b -> b.instanceIds("i-1"));
    counted.describeSpotPriceHistoryPaginator(b -> b.instanceTypesWithStrings("m5.large")).spotPriceHistory()
        .forEach(p -> { });

    assertThat(calls.snapshot()).containsEntry("DescribeInstances", 1L).containsEntry("DescribeSpotPriceHistory", 2L);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers two pages of prices and an empty instance list. */
  private static final class StubEc2Client implements Ec2Client {
    @Override
    public software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse describeInstances(
        software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest request) {
      return software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse.builder().build();
    }

    @Override
    public software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse describeSpotPriceHistory(
        software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest request) {
      return software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse.builder()
          .nextToken(request.nextToken() == null ? "page-2" : null).build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {
    }
  }
}
