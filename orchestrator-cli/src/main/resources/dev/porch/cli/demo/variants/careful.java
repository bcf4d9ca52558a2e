import java.text.Normalizer;
import java.util.Locale;

/** Turns titles into URL slugs. */
public final class Slug {
  private Slug() {}

  /** Lower-case ASCII words joined by '-', accents removed. */
  public static String slugify(String title) {
    String plain = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String dashed = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return dashed.replaceAll("^-+|-+$", "");
  }
}
