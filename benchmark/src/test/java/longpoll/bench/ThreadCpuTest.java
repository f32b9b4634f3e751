package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

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
        Thread busy = new Thread(ThreadCpuTest::spinForASecond, "http-thread-pool::test(1)");
        busy.start();
        Thread.sleep(600); // read while it runs: once a thread has ended, /proc no longer lists it
        long httpWorkersMillis = ThreadCpu.of(pid).since(start).millisByKind().getOrDefault(ThreadCpu.HTTP_WORKERS, 0L);
        busy.join();

        assertTrue(httpWorkersMillis >= 200, "HTTP workers' CPU: " + httpWorkersMillis + " ms");
    }

    private static void spinForASecond() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
