package app.todo.tasks;

import java.util.Optional;

/**
 * The fields a request body sets, already validated. An absent field is left as it is;
 * {@code descriptionSet} tells an explicit {@code "description": null} (clear it) from an absent one.
 */
public record TaskChanges(Optional<String> title, boolean descriptionSet, String description,
                          Optional<Boolean> completed) {
}
