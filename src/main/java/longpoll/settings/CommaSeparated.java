package longpoll.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a setting that lists values ({@code a,b,c}) is read, alike for every list: values are
 * stripped of the spaces around them, and empty ones dropped. Read from a plain string because
 * Payara can't inject an {@code Optional<List<String>>}, and a list may have no default.
 */
public final class CommaSeparated {

    private CommaSeparated() {}

    /** The values of a list that may be unset: none when it is. */
    public static List<String> values(Optional<String> list) {
        return list.map(CommaSeparated::values).orElse(List.of());
    }

    public static List<String> values(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .toList();
    }
}
