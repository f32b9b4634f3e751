package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final long SPIN_CPU_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    @Test
    void threadsAreToldApartByTheirNamesAsProcGivesThem() {
        assertEquals(ThreadCpu.HTTP_WORKERS, ThreadCpu.kindOf("http-thread-poo"));
        assertEquals(ThreadCpu.VIRTUAL_THREADS, ThreadCpu.kindOf("ForkJoinPool-1-"));
        assertEquals(ThreadCpu.SELECTORS, ThreadCpu.kindOf("http-listener-k"));
        assertEquals(ThreadCpu.SELECTORS, ThreadCpu.kindOf("MasterPoller"));
        assertEquals(ThreadCpu.GARBAGE_COLLECTOR, ThreadCpu.kindOf("GC Thread#1"));
        assertEquals(ThreadCpu.GARBAGE_COLLECTOR, ThreadCpu.kindOf("G1 Conc#0"));
        assertEquals(ThreadCpu.GARBAGE_COLLECTOR, ThreadCpu.kindOf("ZWorkerYoung#0"));
        assertEquals(ThreadCpu.JIT, ThreadCpu.kindOf("C2 CompilerThre"));
        assertEquals(ThreadCpu.OTHER, ThreadCpu.kindOf("hz.sleepy_canno"));
    }

    @Test
    void aBusyThreadsTimeCountsForItsKind() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        ThreadCpu start = ThreadCpu.of(pid);
        var spent = new CountDownLatch(1);
        var read = new CountDownLatch(1);
        // It stays alive until read: once a thread has ended, /proc no longer lists it. Its CPU
        // time is counted, not the time on the clock, which other processes may take.
        Thread busy = new Thread(
                () -> {
                    spinFor(SPIN_CPU_NANOS);
                    spent.countDown();
                    awaitQuietly(read);
                },
                "http-thread-pool::test(1)");
        busy.start();
        spent.await();
        long httpWorkersMillis = ThreadCpu.of(pid).since(start).millisByKind().getOrDefault(ThreadCpu.HTTP_WORKERS, 0L);
        read.countDown();
        busy.join();

        assertTrue(httpWorkersMillis >= 200, "HTTP workers' CPU: " + httpWorkersMillis + " ms");
    }

    private static void spinFor(long cpuNanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpuNanos;
        while (threads.getCurrentThreadCpuTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
