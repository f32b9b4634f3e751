package longpoll.poll.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which task runs a job: one whose job ended, while it waits, else a new one; and how tasks wait. */
class ReusingExecutorTest {

    private final AtomicInteger tasksStarted = new AtomicInteger();
    private ExecutorService threads;
    private ReusingExecutor tasks;

    @BeforeEach
    void countingExecutor() {
        threads = Executors.newCachedThreadPool();
        tasks = new ReusingExecutor(task -> {
            tasksStarted.incrementAndGet();
            threads.execute(task);
        });
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aTaskWhoseJobEndedRunsTheNextJob() throws InterruptedException {
        var firstThread = new AtomicReference<Thread>();
        var secondThread = new AtomicReference<Thread>();
        var firstDone = new CountDownLatch(1);
        var secondDone = new CountDownLatch(1);

        tasks.execute(() -> {
            firstThread.set(Thread.currentThread());
            firstDone.countDown();
        });
        assertTrue(firstDone.await(5, TimeUnit.SECONDS));
        awaitWaiting(firstThread.get());
        tasks.execute(() -> {
            secondThread.set(Thread.currentThread());
            secondDone.countDown();
        });

        assertTrue(secondDone.await(5, TimeUnit.SECONDS));
        assertSame(firstThread.get(), secondThread.get());
        assertEquals(1, tasksStarted.get());
    }

    @Test
    void aJobWhileEveryTaskIsBusyGetsANewTask() throws InterruptedException {
        var release = new CountDownLatch(1);
        var bothRunning = new CountDownLatch(2);
        var threadsSeen = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int job = i;
            tasks.execute(() -> {
                threadsSeen[job] = Thread.currentThread();
                bothRunning.countDown();
                awaitQuietly(release);
            });
        }

        assertTrue(bothRunning.await(5, TimeUnit.SECONDS), "the second job waited for the first");
        assertNotSame(threadsSeen[0], threadsSeen[1]);
        assertEquals(2, tasksStarted.get());
        release.countDown();
    }

    @Test
    void tasksBeyondTheMostThatWaitWithoutLimitWaitWithOne() throws InterruptedException {
        int jobs = ReusingExecutor.MOST_WAITING_UNTIMED + 3;
        var release = new CountDownLatch(1);
        var allRunning = new CountDownLatch(jobs);
        var allEnded = new CountDownLatch(jobs);
        Set<Thread> taskThreads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < jobs; i++) {
            tasks.execute(() -> {
                taskThreads.add(Thread.currentThread());
                allRunning.countDown();
                awaitQuietly(release);
                allEnded.countDown();
            });
        }
        assertTrue(allRunning.await(5, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(allEnded.await(5, TimeUnit.SECONDS));
        awaitTrue(() -> taskThreads.stream().noneMatch(t -> t.getState() == Thread.State.RUNNABLE));

        var states = taskThreads.stream().collect(Collectors.groupingBy(Thread::getState, Collectors.counting()));
        assertEquals(
                Map.of(
                        Thread.State.WAITING,
                        (long) ReusingExecutor.MOST_WAITING_UNTIMED,
                        Thread.State.TIMED_WAITING,
                        3L),
                states);
        assertEquals(jobs, tasksStarted.get());
    }

    /** Until the task's thread is parked, waiting for a next job. */
    private static void awaitWaiting(Thread task) throws InterruptedException {
        awaitTrue(() -> task.getState() == Thread.State.WAITING);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
