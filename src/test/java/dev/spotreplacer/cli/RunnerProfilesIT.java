package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.sim.SignedCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped runner jar, run as a user runs it ({@code java -jar}, a HOME of its own), with the
 * profiles people sign in with: IAM Identity Center (SSO, through a cached token from
 * {@code aws sso login}) and {@code credential_process}. The credentials the SDK obtains must be
 * the ones EC2 sees.
 */
class RunnerProfilesIT {

  private static final String INSTANCE = "i-1234567890abcdef0";
  private static final String REGION = "eu-west-1";

  @TempDir
  Path home;

  @Test
  void ssoProfile_getsRoleCredentialsWithTheCachedToken_andSignsWithThem() throws Exception {
    String token = "sso-access-token-from-aws-sso-login";
    List<String> portalCalls = new CopyOnWriteArrayList<>();
    HttpServer portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // The SSO portal's GetRoleCredentials: GET /federation/credentials with the bearer token in a header.
    portal.createContext("/federation/credentials", exchange -> {
      portalCalls.add(exchange.getRequestURI().getQuery() + " token=" + exchange.getRequestHeaders()
          .getFirst("x-amz-sso_bearer_token"));
      if (!token.equals(exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"))) {
        reply(exchange, 401, "{\"message\":\"Session token not found or invalid\"}");
        return;
      }
      reply(exchange, 200, "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOROLE0000001\","
          + "\"secretAccessKey\":\"sso-secret\",\"sessionToken\":\"sso-session\",\"expiration\":"
          + Instant.now().plus(1, ChronoUnit.HOURS).toEpochMilli() + "}}");
    });
    portal.start();
    try (Ec2Emulator emulator = Ec2Emulator.start(Scenario.defaultFor(INSTANCE, REGION), Clock.systemUTC(), 0)) {
      emulator.acceptCredentials("ASIASSOROLE0000001", "sso-secret", "sso-session");
      Path aws = Files.createDirectories(home.resolve(".aws/sso/cache"));
      // What 'aws sso login' leaves for an sso-session: a file named by the SHA-1 of the session's name.
      String cacheName = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest("corp".getBytes(StandardCharsets.UTF_8)));
      Files.writeString(aws.resolve(cacheName + ".json"), "{\"startUrl\":\"https://corp.awsapps.com/start\","
          + "\"region\":\"us-east-1\",\"accessToken\":\"" + token + "\",\"expiresAt\":\""
          + Instant.now().plus(8, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}");
      Files.writeString(home.resolve(".aws/config"), """
          [profile sso-dev]
          sso_session = corp
          sso_account_id = 111122223333
          sso_role_name = SpotOperators
          region = eu-west-1

          [sso-session corp]
          sso_start_url = https://corp.awsapps.com/start
          sso_region = us-east-1
          sso_registration_scopes = sso:account:access
          """);

      Result run = runner(Map.of("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:" + portal.getAddress().getPort()),
          "requests", "--profile", "sso-dev", "--endpoint-url", emulator.endpoint().toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err().lines().findFirst().orElseThrow())
          .isEqualTo("region eu-west-1 (profile sso-dev), credentials from profile sso-dev, endpoint "
              + emulator.endpoint());
      assertThat(portalCalls).hasSize(1);
      assertThat(portalCalls.get(0)).contains("role_name=SpotOperators").contains("account_id=111122223333");
      assertThat(emulator.signedCalls()).isNotEmpty().extracting(SignedCall::accessKeyId)
          .containsOnly("ASIASSOROLE0000001");
      assertThat(run.out() + run.err()).doesNotContain(token).doesNotContain("sso-secret");
    } finally {
      portal.stop(0);
    }
  }

  @Test
  void credentialProcessProfile_runsTheCommand_andSignsWithWhatItPrints() throws Exception {
    try (Ec2Emulator emulator = Ec2Emulator.start(Scenario.defaultFor(INSTANCE, REGION), Clock.systemUTC(), 0)) {
      emulator.acceptCredentials("ASIAPROCESS0000001", "process-secret", "process-session");
      Path script = home.resolve("issue-credentials.sh");
      Files.writeString(script, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS0000001\","
          + " \"SecretAccessKey\": \"process-secret\", \"SessionToken\": \"process-session\"}'\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(home.resolve(".aws"));
      Files.writeString(home.resolve(".aws/config"), "[profile ops]\ncredential_process = " + script
          + "\nregion = eu-west-1\n");

      Result run = runner(Map.of("AWS_PROFILE", "ops"), "requests", "--endpoint-url",
          emulator.endpoint().toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err().lines().findFirst().orElseThrow()).contains("credentials from profile ops");
      assertThat(emulator.signedCalls()).isNotEmpty().extracting(SignedCall::accessKeyId)
          .containsOnly("ASIAPROCESS0000001");
    }
  }

  private record Result(int exit, String out, String err) {}

  /** {@code java -jar spot-replacer.jar args} with HOME here and nothing else of this machine's AWS setup. */
  private Result runner(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("runner.jar", "target/spot-replacer.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.putAll(extraEnv);
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not finish within 60 s: " + Files.readString(err));
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
