import java.util.Locale;

/** Turns titles into URL slugs. */
public final class Slug {
  private Slug() {}

  /** Lower-case words joined by '-'. */
  public static String slugify(String title) {
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    for (char c : title.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) {
          out.append('-');
        }
        out.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return out.toString();
  }
}
