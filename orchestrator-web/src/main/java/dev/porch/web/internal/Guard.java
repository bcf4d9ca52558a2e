package dev.porch.web.internal;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request may be served: the token (in the URL for pages and the event stream, in
 * the {@code X-Porch-Token} header for actions), a Host header naming this server (so a DNS-rebound
 * name cannot reach it), and an Origin, when the browser sends one, of this server (so another site
 * cannot drive it). Actions must be POSTs; browsers always send Origin with those.
 */
public final class Guard {
  /** The header that carries the token on actions. */
  public static final String TOKEN_HEADER = "X-Porch-Token";

  private final byte[] token;
  private final String tokenText;
  private final Set<String> hosts;
  private final Set<String> origins;

  /**
   * @param token the secret (random, see {@link #newToken()})
   * @param port the port the server listens on
   */
  public Guard(String token, int port) {
    this.tokenText = token;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  /** A new random token: 32 bytes, URL-safe base64. */
  public static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The token, for the URL printed to the person. */
  public String token() {
    return tokenText;
  }

  /**
   * Checks Host and Origin (every request, assets included).
   *
   * @return why the request is refused, or empty
   */
  public Optional<String> checkPlace(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("wrong Host header");
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null && !origins.contains(origin.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("foreign Origin");
    }
    if ("cross-site".equals(ex.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
      return Optional.of("cross-site request");
    }
    return Optional.empty();
  }

  /**
   * Checks a page or event-stream request: place, then the token in the query.
   *
   * @return why the request is refused, or empty
   */
  public Optional<String> checkRead(HttpExchange ex) {
    Optional<String> place = checkPlace(ex);
    if (place.isPresent()) {
      return place;
    }
    return matches(Query.parse(ex.getRequestURI().getRawQuery()).get("token")) ? Optional.empty()
        : Optional.of("missing or wrong token");
  }

  /**
   * Checks an action: a POST, place, then the token in {@link #TOKEN_HEADER}.
   *
   * @return why the request is refused, or empty
   */
  public Optional<String> checkAction(HttpExchange ex) {
    if (!"POST".equals(ex.getRequestMethod())) {
      return Optional.of("actions must be POST requests");
    }
    Optional<String> place = checkPlace(ex);
    if (place.isPresent()) {
      return place;
    }
    return matches(ex.getRequestHeaders().getFirst(TOKEN_HEADER)) ? Optional.empty()
        : Optional.of("missing or wrong token");
  }

  private boolean matches(String given) {
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }
}
