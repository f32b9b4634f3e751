package longpoll.queue.control;

import java.time.Duration;

/** Redis takes blocking timeouts in (fractional) seconds. */
final class Seconds {

    private static final double MILLIS_PER_SECOND = 1000.0;

    private Seconds() {}

    static double of(Duration duration) {
        return duration.toMillis() / MILLIS_PER_SECOND;
    }
}
