package dev.porch.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule that only {@code dev.porch.core.StateLayout} spells the state folders' names. ArchUnit
 * does not model string constants, so the condition reads each class file's constant pool: every
 * {@code CONSTANT_String} (a literal in code, a {@code static final String}'s value, the recipe of a
 * string concatenation) is checked. Annotation values (picocli's help text) are plain UTF-8 entries,
 * not string constants, so help may still name the folders to users. javac copies a compile-time
 * constant into each class that reads it, which is why StateLayout's names are not compile-time
 * constants.
 */
final class StateLayoutRule {
  /** The names only the owner may spell. */
  static final List<String> NAMES = List.of(".agent-status", ".worktrees");
  /** The owner. */
  static final String OWNER = "dev.porch.core.StateLayout";

  private StateLayoutRule() {}

  /**
   * Classes under {@code root}, except the owner, hold no string constant containing one of
   * {@link #NAMES}.
   *
   * @param root e.g. {@code dev.porch}
   * @return the rule
   */
  static ArchRule rule(String root) {
    return classes().that().resideInAPackage(root + "..").and().doNotHaveFullyQualifiedName(OWNER)
        .should(spellNoStateFolder())
        .because("the state folder has one owner: paths come from StateLayout (core), so the layout cannot drift"
            + " between modules (issue 16)");
  }

  private static ArchCondition<JavaClass> spellNoStateFolder() {
    return new ArchCondition<>("spell none of " + NAMES + " in a string constant") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (String constant : constants(c)) {
          for (String name : NAMES) {
            if (constant.contains(name)) {
              events.add(SimpleConditionEvent.violated(c, c.getName() + " spells \"" + constant.replace('\u0001', '*')
                  + "\"; build the path with " + OWNER));
            }
          }
        }
      }
    };
  }

  /** The string constants of a class, read from its class file. */
  static Set<String> constants(JavaClass c) {
    var source = c.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + c.getName()));
    try (InputStream in = source.getUri().toURL().openStream()) {
      return stringConstants(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source.getUri(), e);
    }
  }

  /**
   * The {@code CONSTANT_String} values of a class file (JVMS 4.4).
   *
   * @param classFile the class file's bytes
   * @return the values, in pool order
   * @throws IOException if it cannot be read or is not a class file
   */
  static Set<String> stringConstants(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> strings = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // modified UTF-8 with a u2 length, exactly readUTF's format
        case 8 -> strings.add(in.readUnsignedShort());
        case 7, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // a long or double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    Set<String> out = new LinkedHashSet<>();
    strings.forEach(s -> out.add(utf8[s]));
    return out;
  }
}
