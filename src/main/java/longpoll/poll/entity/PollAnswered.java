package longpoll.poll.entity;

import java.time.Duration;
import java.util.List;

/**
 * A CDI event: a poll was answered, {@code 200} with its messages or, with none, {@code 204}.
 *
 * @param messageIds  the ids of the messages the answer carried, in order; none for a {@code 204}
 * @param redelivered whether they were handed out before and not acknowledged (all or none are)
 * @param held        from the poll's arrival to its answer
 */
public record PollAnswered(List<String> messageIds, boolean redelivered, Duration held) {

    public int messages() {
        return messageIds.size();
    }

    public boolean timedOut() {
        return messageIds.isEmpty();
    }
}
