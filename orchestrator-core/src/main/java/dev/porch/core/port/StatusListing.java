package dev.porch.core.port;

import dev.porch.core.AgentStatus;
import dev.porch.core.error.StatusFileException;
import java.util.List;

/**
 * The result of {@link StatusStore#list()}: every readable status, plus a problem for each file that
 * could not be read or was tampered with (the listing goes on past them).
 *
 * @param statuses the readable statuses, ordered by task name
 * @param problems one per unreadable or untrusted file
 */
public record StatusListing(List<AgentStatus> statuses, List<StatusFileException> problems) {
  public StatusListing {
    statuses = List.copyOf(statuses);
    problems = List.copyOf(problems);
  }
}
