package dev.porch.git;

import dev.porch.core.ChangedFile;
import dev.porch.core.DiffStat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses {@code git diff --name-status -z} and {@code --numstat}. */
final class Diffs {
  private Diffs() {}

  static List<ChangedFile> changedFiles(List<String> fields) {
    List<ChangedFile> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String status = fields.get(i);
      char c = status.charAt(0);
      ChangedFile.Type type = switch (c) {
        case 'A' -> ChangedFile.Type.ADDED;
        case 'D' -> ChangedFile.Type.DELETED;
        case 'R' -> ChangedFile.Type.RENAMED;
        case 'C' -> ChangedFile.Type.COPIED;
        case 'T' -> ChangedFile.Type.TYPE_CHANGED;
        default -> ChangedFile.Type.MODIFIED;
      };
      if (c == 'R' || c == 'C') {
        out.add(new ChangedFile(type, fields.get(i + 2), Optional.of(fields.get(i + 1))));
        i += 2;
      } else {
        out.add(ChangedFile.of(type, fields.get(i + 1)));
        i += 1;
      }
    }
    return out;
  }

  static DiffStat stat(List<String> numstat) {
    int files = 0;
    int ins = 0;
    int del = 0;
    for (String line : numstat) {
      String[] parts = line.split("\t", 3);
      if (parts.length < 3) {
        continue;
      }
      files++;
      ins += parts[0].equals("-") ? 0 : Integer.parseInt(parts[0]);
      del += parts[1].equals("-") ? 0 : Integer.parseInt(parts[1]);
    }
    return new DiffStat(files, ins, del);
  }
}
