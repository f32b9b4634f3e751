package longpoll.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import longpoll.access.control.SendRateLimit;
import org.junit.jupiter.api.Test;

class SendRateLimitTest {

    private final AtomicLong clockMillis = new AtomicLong(10_000);
    private final SendRateLimit limit = new SendRateLimit(3, clockMillis::get);

    @Test
    void senderGetsItsRateInASecondThenIsRefused() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.tryAcquire("sender 1"));
        }
        clockMillis.set(10_999);

        assertFalse(limit.tryAcquire("sender 1"));
    }

    @Test
    void nextSecondStartsAFreshCount() {
        for (int i = 0; i < 4; i++) {
            limit.tryAcquire("sender 1");
        }
        clockMillis.set(11_000);

        assertTrue(limit.tryAcquire("sender 1"));
    }

    /** A send that read the clock just before the second turned, counted just after it. */
    @Test
    void aSendCountedLateDoesNotRestartTheNewSecondsCount() {
        clockMillis.set(11_000);
        for (int i = 0; i < 3; i++) {
            assertTrue(limit.tryAcquire("sender 1"));
        }
        clockMillis.set(10_999);
        limit.tryAcquire("sender 1");
        clockMillis.set(11_001);

        assertFalse(limit.tryAcquire("sender 1"), "a fourth send in the second 11");
    }

    @Test
    void oneSendersBurstLeavesOthersTheirRate() {
        for (int i = 0; i < 10; i++) {
            limit.tryAcquire("sender 1");
        }

        assertTrue(limit.tryAcquire("sender 2"));
    }
}
