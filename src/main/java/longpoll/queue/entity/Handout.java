package longpoll.queue.entity;

import java.util.List;

/**
 * What one poll's take got from Redis.
 *
 * @param entries    the entries to hand out, oldest first; none when nothing came in time
 * @param redelivery whether the entries were handed out before and not acknowledged
 * @param overtaken  whether the poll stopped being its client's poller while it waited (a newer
 *                   poll took over, or its node released it): it hands out nothing, not even a 204
 */
public record Handout(List<String> entries, boolean redelivery, boolean overtaken) {

    public static final Handout NOTHING = new Handout(List.of(), false, false);
    public static final Handout OVERTAKEN = new Handout(List.of(), false, true);

    public static Handout of(List<String> entries) {
        return new Handout(entries, false, false);
    }
}
