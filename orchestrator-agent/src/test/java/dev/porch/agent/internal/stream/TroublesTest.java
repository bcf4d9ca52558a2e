package dev.porch.agent.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What error texts the CLIs print mean (texts as recorded or as the CLIs' sources write them). */
class TroublesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "Invalid API key · Fix external API key | the API key was refused",
      "Failed to authenticate. API Error: 401 scripted 401 | the API key was refused",
      "unexpected status 401 Unauthorized: scripted 401, url: http://127.0.0.1:1/v1/responses | the API key was refused",
      "unexpected status 403 Forbidden: nope | the API key was refused",
      "[API Error: {\"error\":{\"code\":401,\"message\":\"API key not valid.\",\"status\":\"UNAUTHENTICATED\"}}] | the API key was refused",
      "Not logged in · Please run /login | it is not logged in",
      "Missing environment variable: `OPENAI_API_KEY`. | it is not logged in",
      "OAuth token has expired. Please obtain a new token or refresh your existing token. | the login has expired",
      "Your refresh token was already used; please log out and sign in again | the login has expired",
      "Credit balance is too low | the account cannot be used",
      "exceeded retry limit, last status: 429 Too Many Requests | -",
      "stream disconnected before completion | -",
      "No conversation found with session ID: 267e33fc | -",
      "took 401 ms | the API key was refused"})
  void login_whatTheTextMeans(String text, String what) {
    assertThat(Troubles.login(text).orElse(null)).isEqualTo(what);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "exceeded retry limit, last status: 429 Too Many Requests | rate limited (429); x is retrying",
      "API Error: Request rejected (429) · scripted 429 | rate limited (429); x is retrying",
      "Repeated 529 Overloaded errors | overloaded (529); x is retrying",
      "Quota exceeded for quota metric 'Generate Content API requests per minute' | rate limited (429); x is retrying",
      "You've hit your usage limit. | rate limited (429); x is retrying",
      "stream disconnected before completion | -"})
  void rateLimit_whatTheTextMeans(String text, String notice) {
    assertThat(Troubles.rateLimit(text, "x").orElse(null)).isEqualTo(notice);
  }
}
