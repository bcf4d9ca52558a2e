/** Turns titles into URL slugs. */
public final class Slug {
  private Slug() {}

  /** Not implemented yet. */
  public static String slugify(String title) {
    throw new UnsupportedOperationException("TODO: implement slugify");
  }
}
