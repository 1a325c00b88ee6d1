package dev.spotreplacer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * Region, credentials and output format, looked up in the AWS CLI's order: the command line, then
 * the environment, then the active profile in the shared config and credentials files. The files
 * are found through the environment given (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, HOME), so
 * tests can point them at temporary files; credentials themselves are the SDK's own providers, which
 * read static keys, role_arn/source_profile, credential_process and (with the SDK's sso module on the
 * class path) SSO profiles.
 */
final class AwsCliConfig {

  /** A value and where it came from, for the one line that says what a run uses. */
  record Sourced<T>(T value, String source) {}

  private final Map<String, String> env;
  private final String profileFlag;
  private ProfileFile files;

  AwsCliConfig(Map<String, String> env, String profileFlag) {
    if (profileFlag != null && profileFlag.isBlank()) {
      throw new IllegalArgumentException("--profile must name a profile from the AWS config or credentials file");
    }
    this.env = env;
    this.profileFlag = profileFlag;
  }

  /** --profile, else AWS_PROFILE, else "default". */
  String profileName() {
    return profileFlag != null ? profileFlag : nonBlank("AWS_PROFILE").orElse("default");
  }

  /** True when a profile was named (flag or AWS_PROFILE): then it must exist, as the AWS CLI insists. */
  private boolean profileNamed() {
    return profileFlag != null || nonBlank("AWS_PROFILE").isPresent();
  }

  /**
   * --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's {@code region}, then (as the AWS CLI v2
   * does on EC2) the instance metadata service unless AWS_EC2_METADATA_DISABLED is true.
   */
  Sourced<Region> region(String regionFlag) {
    if (regionFlag != null) {
      return new Sourced<>(validRegion(regionFlag, "--region"), "--region");
    }
    for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      Optional<String> value = nonBlank(variable);
      if (value.isPresent()) {
        return new Sourced<>(validRegion(value.get(), variable), variable);
      }
    }
    Optional<String> fromProfile = profile().flatMap(p -> p.property("region")).filter(r -> !r.isBlank());
    if (fromProfile.isPresent()) {
      return new Sourced<>(validRegion(fromProfile.get(), "profile " + profileName()), "profile " + profileName());
    }
    if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_EC2_METADATA_DISABLED", ""))) {
      try {
        return new Sourced<>(new InstanceProfileRegionProvider().getRegion(), "instance metadata");
      } catch (RuntimeException notOnEc2) {
        // Not on EC2 (or IMDS unreachable): fall through to the AWS CLI's own complaint.
      }
    }
    throw new IllegalArgumentException("no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set"
        + " region in profile " + profileName() + " (aws configure)");
  }

  /**
   * --profile: that profile's credentials only, as the AWS CLI (environment keys do not override
   * it). Otherwise the SDK's default chain, reading AWS_PROFILE's profile from the same files.
   */
  Sourced<AwsCredentialsProvider> credentials() {
    if (profileNamed() && profile().isEmpty()) {
      throw new IllegalArgumentException((profileFlag != null ? "--profile" : "AWS_PROFILE") + ": the config profile ("
          + profileName() + ") could not be found in " + configFile() + " or " + credentialsFile());
    }
    ProfileFile loaded = files();
    if (profileFlag != null) {
      return new Sourced<>(ProfileCredentialsProvider.builder().profileFile(loaded).profileName(profileFlag).build(),
          "profile " + profileFlag);
    }
    return new Sourced<>(DefaultCredentialsProvider.builder().profileFile(() -> loaded).profileName(profileName())
        .build(), chainSource());
  }

  /**
   * Which link of the SDK's default chain will answer, in its order, from what is configured (the
   * resolved credentials only name their provider by an internal code).
   */
  private String chainSource() {
    if (nonBlank("AWS_ACCESS_KEY_ID").isPresent()) {
      return "environment variables";
    }
    if (nonBlank("AWS_WEB_IDENTITY_TOKEN_FILE").isPresent()) {
      return "web identity token";
    }
    if (profile().isPresent()) {
      return "profile " + profileName();
    }
    if (nonBlank("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()
        || nonBlank("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()) {
      return "container credentials";
    }
    return "instance profile";
  }

  /** --output, else AWS_DEFAULT_OUTPUT, else the profile's {@code output}, else json. */
  OutputFormat output(String outputFlag) {
    return output(outputFlag, OutputFormat.JSON);
  }

  /** The same with another last resort (doctor's checklist reads best as a table). */
  OutputFormat output(String outputFlag, OutputFormat fallback) {
    if (outputFlag != null) {
      return OutputFormat.parse(outputFlag, "--output");
    }
    Optional<String> variable = nonBlank("AWS_DEFAULT_OUTPUT");
    if (variable.isPresent()) {
      return OutputFormat.parse(variable.get(), "AWS_DEFAULT_OUTPUT");
    }
    return profile().flatMap(p -> p.property("output")).filter(o -> !o.isBlank())
        .map(o -> OutputFormat.parse(o, "output in profile " + profileName())).orElse(fallback);
  }

  private Optional<Profile> profile() {
    // Neither file: nothing to parse (and a cold --simulate run loads none of the profile classes).
    if (!Files.isRegularFile(configFile()) && !Files.isRegularFile(credentialsFile())) {
      return Optional.empty();
    }
    return files().profile(profileName());
  }

  private ProfileFile files() {
    if (files == null) {
      ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
      if (Files.isRegularFile(credentialsFile())) {
        aggregator.addFile(ProfileFile.builder().content(credentialsFile()).type(ProfileFile.Type.CREDENTIALS).build());
      }
      if (Files.isRegularFile(configFile())) {
        aggregator.addFile(ProfileFile.builder().content(configFile()).type(ProfileFile.Type.CONFIGURATION).build());
      }
      files = aggregator.build();
    }
    return files;
  }

  Path configFile() {
    return nonBlank("AWS_CONFIG_FILE").map(Path::of).orElseGet(() -> home().resolve(".aws").resolve("config"));
  }

  Path credentialsFile() {
    return nonBlank("AWS_SHARED_CREDENTIALS_FILE").map(Path::of)
        .orElseGet(() -> home().resolve(".aws").resolve("credentials"));
  }

  private Path home() {
    return Path.of(nonBlank("HOME").orElse(System.getProperty("user.home")));
  }

  private Optional<String> nonBlank(String variable) {
    return Optional.ofNullable(env.get(variable)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** A region name as EC2 spells them (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). */
  private static Region validRegion(String name, String source) {
    if (!name.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
      throw new IllegalArgumentException(source + ": '" + name + "' is not a region name such as us-east-1");
    }
    return Region.of(name);
  }
}
