package longpoll.poll.entity;

import java.time.Duration;

/**
 * A CDI event: a poll was answered, {@code 200} with its messages or, with none, {@code 204}.
 *
 * @param messages    how many messages the answer carried; 0 for a {@code 204}
 * @param redelivered whether they were handed out before and not acknowledged (all or none are)
 * @param held        from the poll's arrival to its answer
 */
public record PollAnswered(int messages, boolean redelivered, Duration held) {

    public boolean timedOut() {
        return messages == 0;
    }
}
