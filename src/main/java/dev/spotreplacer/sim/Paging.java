package dev.spotreplacer.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MaxResults / NextToken pagination over an already ordered result list. */
final class Paging {

  private Paging() {}

  /** One page and the token for the next one (null on the last page, which ends the SDK paginators). */
  record Page<T>(List<T> items, String nextToken) {}

  static <T> Page<T> page(List<T> all, Integer maxResults, String nextToken, int min, int max) {
    if (maxResults != null && (maxResults < min || maxResults > max)) {
      throw Ec2Fault.invalid("MaxResults", maxResults, "It must be between " + min + " and " + max + ".");
    }
    int size = maxResults == null ? max : maxResults;
    int from = nextToken == null || nextToken.isEmpty() ? 0 : offset(nextToken);
    if (from > all.size()) {
      throw invalidToken();
    }
    int to = Math.min(all.size(), from + size);
    String next = to < all.size() ? token(to) : null;
    return new Page<>(List.copyOf(all.subList(from, to)), next);
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith("offset:")) {
        throw invalidToken();
      }
      return Integer.parseInt(text.substring("offset:".length()));
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
  }

  private static Ec2Fault invalidToken() {
    return new Ec2Fault("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
  }
}
