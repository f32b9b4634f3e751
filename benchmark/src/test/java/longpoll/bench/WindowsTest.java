package longpoll.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final long START = 1_000_000_000_000L;
    private static final long MS = 1_000_000;

    @Test
    void aBacklogCountsForTheWindowThatDeliversItAndItsLatenciesForTheWindowsItWasDueIn() {
        var windows = new Windows(START, Duration.ofSeconds(20));
        for (long due = 0; due < 20_000; due++) {
            offer(windows, due);
        }
        // Nothing arrives for the first 8 s, then the backlog at once, then each message 5 ms after it was due.
        sendEveryMillisecond(windows, 0, 20_000, due -> Math.max(due + 5, 8_000));

        List<Windows.Window> all = windows.windows();

        assertEquals(4, all.size());
        assertEquals(
                List.of(5_000L, 5_000L, 5_000L, 5_000L),
                all.stream().map(Windows.Window::offered).toList());
        assertEquals(
                List.of(0L, 9_995L, 5_000L, 5_000L),
                all.stream().map(Windows.Window::delivered).toList());
        assertEquals(0.0, all.get(0).deliveredPercent());
        assertEquals(199.9, all.get(1).deliveredPercent(), 1e-9);
        assertEquals(5, windows.deliveredAfterTheEnd());
        // Due in 0-5 s, delivered at 8 s: waited 3 to 8 s.
        assertEquals(5_500, millis(all.get(0).latencyMicros().getValueAtPercentile(50)), 10);
        assertEquals(7_950, millis(all.get(0).latencyMicros().getValueAtPercentile(99)), 10);
        assertEquals(5, millis(all.get(2).latencyMicros().getValueAtPercentile(99)), 0.1);
    }

    @Test
    void steadyAfterTheLastWindowThatDidNotKeepUp() {
        assertEquals(Optional.of(Duration.ZERO), Windows.steadyAfter(windows(100, 96, 95)));
        assertEquals(Optional.of(Duration.ofSeconds(5)), Windows.steadyAfter(windows(0, 95, 100, 99)));
        assertEquals(Optional.of(Duration.ofSeconds(15)), Windows.steadyAfter(windows(0, 100, 94, 100, 100)));
        assertEquals(Optional.empty(), Windows.steadyAfter(windows(100, 100, 94)));
    }

    @Test
    void theFirstMinutesLatenciesAreThoseOfTheMessagesDueInIt() {
        var windows = new Windows(START, Duration.ofSeconds(70));
        sendEveryMillisecond(windows, 0, 60_000, due -> due + 10);
        sendEveryMillisecond(windows, 60_000, 70_000, due -> due + 3_000);

        assertEquals(
                60_000, windows.latencyMicrosOfFirst(Duration.ofSeconds(60)).getTotalCount());
        assertEquals(
                10, millis(windows.latencyMicrosOfFirst(Duration.ofSeconds(60)).getMaxValue()), 0.1);
        assertEquals(
                3_000,
                millis(windows.latencyMicrosOfFirst(Duration.ofSeconds(70)).getMaxValue()),
                5);
    }

    /** Windows that offered 100 messages each and delivered these. */
    private static List<Windows.Window> windows(long... delivered) {
        var windows = new Windows(START, Windows.WIDTH.multipliedBy(delivered.length));
        for (int i = 0; i < delivered.length; i++) {
            long windowStart = i * Windows.WIDTH.toMillis();
            for (int m = 0; m < 100; m++) {
                offer(windows, windowStart + m);
            }
            for (int m = 0; m < delivered[i]; m++) {
                windows.delivered(at(windowStart + m), at(windowStart + m + 1));
            }
        }
        return windows.windows();
    }

    private static void offer(Windows windows, long dueMillis) {
        windows.offered(at(dueMillis));
    }

    /** Delivers a message due at every millisecond from {@code from} to {@code to}, each at {@code receivedMillis(due)}. */
    private static void sendEveryMillisecond(Windows windows, long from, long to, LongUnaryOperator receivedMillis) {
        for (long due = from; due < to; due++) {
            windows.delivered(at(due), at(receivedMillis.applyAsLong(due)));
        }
    }

    private static long at(long millis) {
        return START + millis * MS;
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
