import java.util.Locale;

/** Turns titles into URL slugs. */
public final class Slug {
  private Slug() {}

  /** Lower-cases and replaces spaces. */
  public static String slugify(String title) {
    return title.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
  }
}
