package dev.porch.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expands {@code {name}} placeholders in an argument template, one argument at a time and in one
 * pass: a value is inserted as it is and never scanned again, and each template argument stays
 * exactly one argument.
 */
public final class ArgTemplate {
  private ArgTemplate() {}

  /**
   * Expands every argument.
   *
   * @param template program and arguments with placeholders
   * @param values placeholder name to value; unknown {@code {words}} stay as they are
   * @return the arguments, as many as the template has
   */
  public static List<String> expand(List<String> template, Map<String, String> values) {
    List<String> out = new ArrayList<>(template.size());
    for (String arg : template) {
      out.add(expand(arg, values));
    }
    return out;
  }

  /**
   * Expands one argument.
   *
   * @param arg the template argument
   * @param values placeholder name to value
   * @return the argument
   */
  public static String expand(String arg, Map<String, String> values) {
    StringBuilder out = new StringBuilder(arg.length());
    int i = 0;
    while (i < arg.length()) {
      int open = arg.indexOf('{', i);
      int close = open < 0 ? -1 : arg.indexOf('}', open + 1);
      if (open < 0 || close < 0) {
        out.append(arg, i, arg.length());
        break;
      }
      out.append(arg, i, open);
      String value = values.get(arg.substring(open + 1, close));
      if (value == null) {
        out.append('{');
        i = open + 1;
      } else {
        out.append(value);
        i = close + 1;
      }
    }
    return out.toString();
  }
}
