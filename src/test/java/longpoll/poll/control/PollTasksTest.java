package longpoll.poll.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pop counts as running from its start until it ends, however it ends. */
class PollTasksTest {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final PollTasks tasks = new PollTasks();

    PollTasksTest() {
        tasks.pops = executor;
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void popRunsUntilItEnds() throws InterruptedException {
        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var ended = new CountDownLatch(1);
        tasks.pop(() -> {
            started.countDown();
            awaitQuietly(release);
            ended.countDown();
        });
        started.await(5, TimeUnit.SECONDS);
        assertEquals(1, tasks.popsRunning());

        release.countDown();
        ended.await(5, TimeUnit.SECONDS);
        awaitNoPops();
    }

    @Test
    void popThatFailsNoLongerRuns() throws InterruptedException {
        var failed = new CountDownLatch(1);
        tasks.pop(() -> {
            failed.countDown();
            throw new IllegalStateException("pop failed");
        });
        failed.await(5, TimeUnit.SECONDS);
        awaitNoPops();
    }

    /** Without Awaitility's catching of uncaught exceptions: the failing pop's own would fail the wait. */
    private void awaitNoPops() {
        await().dontCatchUncaughtExceptions().atMost(5, TimeUnit.SECONDS).until(() -> tasks.popsRunning() == 0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
