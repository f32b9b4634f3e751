package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's short preset, run by {@code ./mvnw verify} so that the benchmark is known to
 * work: a real server under real load, every message it sends counted back. Its figures are
 * printed, not judged: speed is for the long presets, run by hand on a quiet machine.
 */
class BenchmarkIT {

    @Test
    void ciPresetReceivesEveryMessageItSent() throws Exception {
        Load.Result result = Benchmark.measure("ci");

        assertTrue(result.sentOk() > 0, "the preset sent messages");
        assertEquals(result.sent(), result.sentOk(), "every send answered 200");
        assertEquals(result.sentOk(), result.received(), "every message received");
        assertEquals(0, result.lost(), "lost");
        assertEquals(0, result.duplicated(), "duplicated");
        assertEquals(0, result.errors(), () -> "failed requests: " + result.errorsByKind());
        assertEquals(result.received(), result.latencyMicros().getTotalCount(), "a latency for every message");
    }
}
