package dev.spotreplacer.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Reads --endpoint-url as the AWS CLI takes it: an absolute http or https URL with a host. */
final class Endpoints {

  private Endpoints() {}

  static URI parse(String text) {
    String problem = "--endpoint-url '" + text + "' is not a URL such as http://127.0.0.1:4566 or https://ec2.us-east-1.amazonaws.com";
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem, e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(problem);
    }
    return uri;
  }
}
