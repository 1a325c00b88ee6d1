package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor on the emulator: everything the function needs is there; what it cannot see, it says how to check. */
class DoctorCommandTest {

  private static final String PATTERN =
      "{\"source\": [\"aws.ec2\"], \"detail-type\": [\"EC2 Spot Instance Interruption Warning\"]}";
  private static final String FUNCTION = "arn:aws:lambda:us-east-2:123456789012:function:spot-replacer-ReplacerFunction-XYZ";

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();

  private int doctor(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "doctor";
    all[1] = "--simulate";
    System.arraycopy(args, 0, all, 2, args.length);
    return Main.run(Cli.HERMETIC, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), all);
  }

  private String scenario(String fields) throws IOException {
    Path file = dir.resolve("scenario.json");
    Files.writeString(file, "{\"region\": \"us-east-2\", " + fields + "}");
    return file.toString();
  }

  private String ruleLines() {
    return out.toString().lines().dropWhile(l -> !l.contains("deployed rule"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void onTheEmulator_everyCheckablePermissionIsOk_andTheRestSaysHowToCheck() {
    int exit = doctor();

    assertThat(exit).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("ok")).map(l -> l.split("\\s+")[1]).toList())
        .containsExactly("credentials", "region", "ec2:DescribeInstances", "ec2:DescribeSpotPriceHistory",
            "ec2:DescribeSpotInstanceRequests", "ec2:RequestSpotInstances", "ec2:CancelSpotInstanceRequests",
            "ec2:CreateTags", "deployed");
    assertThat(out.toString()).contains("unknown spot service-linked role         not checked from here\n"
        + "                                         -> check with: aws iam get-role --role-name AWSServiceRoleForEC2Spot;"
        + " create with: aws iam create-service-linked-role --aws-service-name spot.amazonaws.com");
  }

  @Test
  void outputJson_isTheChecksAsAnArray() throws Exception {
    int exit = doctor("--output", "json");

    assertThat(exit).isZero();
    var checks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(checks.get(0).path("status").asText()).isEqualTo("OK");
    assertThat(checks.get(0).path("name").asText()).isEqualTo("credentials");
  }

  @Test
  void enabledRuleTargetingAFunction_isOk() {
    int exit = doctor();

    assertThat(exit).isZero();
    assertThat(ruleLines()).isEqualTo("ok      deployed rule                    "
        + "spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123: enabled, targets " + FUNCTION + ":live\n");
  }

  @Test
  void disabledRule_warnsWithTheCommandThatEnablesIt() throws IOException {
    int exit = doctor("--scenario", scenario("\"rules\": [{\"name\": \"spot-warning\", \"state\": \"DISABLED\","
        + " \"eventPattern\": " + PATTERN + ", \"targets\": [\"" + FUNCTION + "\"]},"
        + " {\"name\": \"other\", \"eventPattern\": {\"source\": [\"aws.s3\"]}, \"targets\": [\"" + FUNCTION + "\"]}]"));

    assertThat(exit).isZero();
    assertThat(ruleLines()).isEqualTo("warn    deployed rule                    spot-warning: disabled, targets " + FUNCTION
        + "\n                                         -> enable it: aws events enable-rule --region us-east-2"
        + " --name spot-warning\n");
  }

  @Test
  void noRule_failsSayingHowToDeploy() throws IOException {
    int exit = doctor("--scenario", scenario("\"rules\": []"));

    assertThat(exit).isEqualTo(3);
    assertThat(ruleLines()).isEqualTo("fail    deployed rule                    no EventBridge rule in us-east-2 sends"
        + " spot interruption warnings to a function\n"
        + "                                         -> deploy with `./mvnw -B package -DskipTests && sam deploy`\n");
  }

  @Test
  void deniedListRules_isUnknownNamingTheActionToAllow() throws IOException {
    int exit = doctor("--scenario", scenario("\"deny\": [\"ListRules\"]"));

    assertThat(exit).isZero();
    assertThat(ruleLines()).isEqualTo("unknown deployed rule                    events:ListRules denied"
        + " (AccessDeniedException)\n"
        + "                                         -> allow events:ListRules and events:ListTargetsByRule for these"
        + " credentials, or check with: aws events list-rules --region us-east-2"
        + " --query \"Rules[?contains(EventPattern, 'Spot Instance Interruption')].[Name,State]\"\n");
  }

  @Test
  void deniedListTargetsByRule_isUnknownForThatRule() throws IOException {
    int exit = doctor("--scenario", scenario("\"deny\": [\"ListTargetsByRule\"]"));

    assertThat(exit).isZero();
    assertThat(ruleLines()).isEqualTo("unknown deployed rule                    "
        + "spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123: enabled, targets not readable:"
        + " events:ListTargetsByRule denied (AccessDeniedException)\n"
        + "                                         -> allow events:ListTargetsByRule for these credentials\n");
  }
}
