package dev.spotreplacer.sim;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the emulator's STS says the caller is, and what it refuses.
 *
 * @param account the account of the long-term credentials (GetCallerIdentity without a session)
 * @param tokenCodes the MFA codes GetSessionToken accepts; any other code is refused as AWS does
 * @param refusingAccounts accounts whose member role does not trust the caller (AssumeRole is denied)
 */
public record StsConfig(String account, Set<String> tokenCodes, Set<String> refusingAccounts) {

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

  /** The sample events' account; the code shown in the README (123456). */
  public static final StsConfig DEFAULT = new StsConfig("123456789012", Set.of("123456"), Set.of());

  public StsConfig {
    Objects.requireNonNull(account, "account == null");
    if (!ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("account '" + account + "' is not a 12-digit account id");
    }
    tokenCodes = Set.copyOf(tokenCodes);
    refusingAccounts = Set.copyOf(refusingAccounts);
  }
}
