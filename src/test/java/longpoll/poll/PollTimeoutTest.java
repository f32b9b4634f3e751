package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import longpoll.poll.control.PollTimeout;
import longpoll.refusal.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PollTimeoutTest {

    private static final Duration LONGEST = Duration.ofSeconds(30);

    @Test
    void noRequestedTimeoutMeansTheConfiguredOne() {
        var timeout = PollTimeout.requested(null, LONGEST);

        assertEquals(LONGEST, timeout.response());
        assertEquals(Duration.ofSeconds(29), timeout.pop());
    }

    @Test
    void popEndsATenthBeforeAShortPoll() {
        var timeout = PollTimeout.requested("2", LONGEST);

        assertEquals(Duration.ofSeconds(2), timeout.response());
        assertEquals(Duration.ofMillis(1800), timeout.pop());
    }

    @Test
    void shortestPollStillPopsForAPositiveTime() {
        var timeout = PollTimeout.requested("0.01", LONGEST);

        assertEquals(Duration.ofMillis(10), timeout.response());
        assertTrue(timeout.pop().toNanos() > 0 && timeout.pop().compareTo(timeout.response()) < 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "30.5", "abc", "NaN", "1e9"})
    void timeoutOutsideItsRangeIsABadRequest(String seconds) {
        var refused = assertThrows(Refusal.class, () -> PollTimeout.requested(seconds, LONGEST));

        assertEquals(Refusal.Reason.INVALID, refused.reason());
    }
}
