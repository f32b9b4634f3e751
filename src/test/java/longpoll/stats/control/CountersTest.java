package longpoll.stats.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import longpoll.stats.entity.StatsSnapshot;
import org.junit.jupiter.api.Test;

/** Each counter moves by what its event says, and only its own. */
class CountersTest {

    private final Counters counters = new Counters();

    @Test
    void answeredPollsCountTheirMessagesAndRedeliveriesApart() {
        counters.pollAnswered(3, false);
        counters.pollAnswered(2, true);
        counters.pollTimedOut();

        StatsSnapshot stats = counters.snapshot(7);

        assertEquals(new StatsSnapshot(7, 0, 2, 1, 0, 5, 2, 0, 0, 0, 0), stats);
    }

    @Test
    void sendsRefusalsAndRedisErrorsCountOneEach() {
        counters.messageSent();
        counters.messageSent();
        counters.refusedQueueFull();
        counters.refusedUnavailable();
        counters.refusedUnavailable();
        counters.redisError();
        counters.entriesSetAside(3);

        assertEquals(new StatsSnapshot(0, 0, 0, 0, 2, 0, 0, 1, 2, 1, 3), counters.snapshot(0));
    }

    @Test
    void trackedTaskIsActiveWhileItRunsAndNoLongerAfterItEnds() throws Exception {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var task = executor.submit(counters.tracked(() -> {
                started.countDown();
                await(release);
            }));
            started.await(5, TimeUnit.SECONDS);
            assertEquals(1, counters.snapshot(0).pollTasksActive());

            release.countDown();
            task.get(5, TimeUnit.SECONDS);
        }
        assertEquals(0, counters.snapshot(0).pollTasksActive());
    }

    @Test
    void trackedTaskThatFailsIsNoLongerActive() {
        Runnable failing = counters.tracked(() -> {
            throw new IllegalStateException("pop failed");
        });

        assertThrows(IllegalStateException.class, failing::run);
        assertEquals(0, counters.snapshot(0).pollTasksActive());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
