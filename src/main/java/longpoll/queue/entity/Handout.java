package longpoll.queue.entity;

import java.util.List;

/**
 * What one take of a poll got from Redis.
 *
 * @param entries    the entries to hand out, oldest first; none when there were none
 * @param redelivery whether the entries were handed out before and not acknowledged
 * @param superseded whether a newer poll of the client is its poller now: the poll takes and
 *                   hands out nothing any more
 * @param failure    why the take failed, or null: for one take among several in one round trip
 */
public record Handout(List<String> entries, boolean redelivery, boolean superseded, RuntimeException failure) {

    public static final Handout NOTHING = new Handout(List.of(), false, false, null);
    public static final Handout SUPERSEDED = new Handout(List.of(), false, true, null);

    public static Handout of(List<String> entries) {
        return new Handout(entries, false, false, null);
    }

    public static Handout failed(RuntimeException failure) {
        return new Handout(List.of(), false, false, failure);
    }
}
