package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A run of the benchmark fails (and so CI's run of its short preset) when it loses or fails anything. */
class BenchmarkTest {

    @Test
    void runThatReceivedEveryMessageOnceWithItsLatencyPasses() {
        assertNull(Benchmark.failureOf(result(10, 10, 10, 0, 0, Map.of(), 10)));
    }

    @Test
    void runThatLostDuplicatedFailedOrMissedALatencyFails() {
        assertTrue(Benchmark.failureOf(result(10, 10, 9, 1, 0, Map.of(), 9)).contains("1 lost"));
        assertTrue(Benchmark.failureOf(result(10, 10, 10, 0, 1, Map.of(), 10)).contains("1 duplicated"));
        assertTrue(Benchmark.failureOf(result(10, 9, 9, 0, 0, Map.of("503", 1L), 9))
                .contains("not answered 200"));
        assertTrue(Benchmark.failureOf(result(10, 10, 10, 0, 0, Map.of(), 9)).contains("latency"));
        assertTrue(Benchmark.failureOf(result(0, 0, 0, 0, 0, Map.of(), 0)).contains("nothing"));
    }

    @Test
    void aColdStartMayRefuseRequestsButNotLoseOrDuplicateWhatItAccepted() {
        Map<String, Long> refusals =
                Map.of("GET java.net.ConnectException: Connection refused", 5_000L, "POST 503", 2L);

        assertNull(Benchmark.failureOf(result(10, 8, 8, 0, 0, refusals, 8), true));
        assertTrue(
                Benchmark.failureOf(result(10, 8, 8, 0, 0, refusals, 8), false).contains("not answered 200"));
        assertTrue(
                Benchmark.failureOf(result(10, 8, 7, 1, 0, refusals, 7), true).contains("1 lost"));
        assertTrue(
                Benchmark.failureOf(result(10, 8, 8, 0, 1, refusals, 8), true).contains("1 duplicated"));
    }

    private static Load.Result result(
            long sent,
            long sentOk,
            long received,
            long lost,
            long duplicated,
            Map<String, Long> errors,
            int latencies) {
        var histogram = new Histogram(3);
        for (int i = 0; i < latencies; i++) {
            histogram.recordValue(1_000);
        }
        return new Load.Result(sent, sentOk, received, 1, lost, duplicated, 0, errors, histogram);
    }
}
