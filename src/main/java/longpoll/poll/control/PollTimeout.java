package longpoll.poll.control;

import java.time.Duration;
import longpoll.refusal.Refusal;

/** How long one poll is held: the client's {@code ?timeout=}, within the configured longest. */
public final class PollTimeout {

    /** Below this a poll could not even reach Redis before its end. */
    static final Duration SHORTEST = Duration.ofMillis(10);

    private PollTimeout() {}

    /**
     * The timeout a client asked for with {@code ?timeout=<seconds>}, or the longest when it
     * asked for none.
     */
    public static Duration requested(String seconds, Duration longest) {
        if (seconds == null || seconds.isBlank()) {
            return longest;
        }
        Duration asked;
        try {
            asked = Duration.ofNanos(Math.round(Double.parseDouble(seconds) * 1e9));
        } catch (NumberFormatException e) {
            throw outOfRange(longest);
        }
        if (asked.compareTo(SHORTEST) < 0 || asked.compareTo(longest) > 0) {
            throw outOfRange(longest);
        }
        return asked;
    }

    private static Refusal outOfRange(Duration longest) {
        return Refusal.invalid(
                "timeout is a number of seconds from " + SHORTEST.toMillis() / 1000.0 + " to " + longest.toSeconds());
    }
}
