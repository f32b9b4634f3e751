package longpoll.poll.control;

import java.time.Duration;
import longpoll.refusal.Refusal;

/**
 * How long one poll is held, and how long its blocking pop may wait. The pop ends a little
 * before the response's own timeout, so that normally the pop's empty result answers the poll
 * and the response timeout is only the safety net for a stalled Redis.
 *
 * @param response when the held response is answered {@code 204} at the latest
 * @param pop      how long the blocking pop waits for a message
 */
public record PollTimeout(Duration response, Duration pop) {

    /** Below this Redis rounds a blocking timeout to 0, which means "wait forever". */
    static final Duration SHORTEST = Duration.ofMillis(10);
    /** Time the pop leaves for handing its result over: a tenth of the poll, at most this. */
    private static final Duration LONGEST_MARGIN = Duration.ofSeconds(1);

    private static final int MARGIN_DIVISOR = 10;

    public static PollTimeout of(Duration response) {
        Duration margin = response.dividedBy(MARGIN_DIVISOR);
        return new PollTimeout(
                response, response.minus(margin.compareTo(LONGEST_MARGIN) < 0 ? margin : LONGEST_MARGIN));
    }

    /**
     * The timeout a client asked for with {@code ?timeout=<seconds>}, or the longest when it
     * asked for none.
     */
    public static PollTimeout requested(String seconds, Duration longest) {
        if (seconds == null || seconds.isBlank()) {
            return of(longest);
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
        return of(asked);
    }

    private static Refusal outOfRange(Duration longest) {
        return Refusal.invalid(
                "timeout is a number of seconds from " + SHORTEST.toMillis() / 1000.0 + " to " + longest.toSeconds());
    }
}
