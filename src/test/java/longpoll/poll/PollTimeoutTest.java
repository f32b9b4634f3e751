package longpoll.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals(LONGEST, PollTimeout.requested(null, LONGEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01", "2", "2.5", "30"})
    void timeoutWithinItsRangeIsTheOneAskedFor(String seconds) {
        assertEquals(
                Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000)),
                PollTimeout.requested(seconds, LONGEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "30.5", "abc", "NaN", "1e9"})
    void timeoutOutsideItsRangeIsABadRequest(String seconds) {
        var refused = assertThrows(Refusal.class, () -> PollTimeout.requested(seconds, LONGEST));

        assertEquals(Refusal.Reason.INVALID, refused.reason());
    }
}
