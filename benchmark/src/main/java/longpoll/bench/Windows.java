package longpoll.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A run's messages by 5-second window of its sending, to see how soon a server keeps up. A
 * window offers the messages due in it and delivers those received in it: a server keeps up when
 * it delivers about as many as are offered, whichever they are, so a backlog it catches up on
 * counts for the window that delivers it. Latencies, in contrast, go to the window the message
 * was due in, so that a late message is charged to the moment it was sent, and a window that
 * delivers nothing still shows how long its messages waited.
 *
 * <p>Times are {@link System#nanoTime()}.
 */
final class Windows {

    static final Duration WIDTH = Duration.ofSeconds(5);
    /** A window keeps up when it delivers at least this share of the messages it offers. */
    static final double KEEPING_UP = 0.95;

    private final long start;
    private final AtomicLongArray offered;
    private final AtomicLongArray delivered;
    private final Histogram[] latencyMicros;
    private final LongAdder deliveredAfterTheEnd = new LongAdder();

    /** @param start when the first message is due: the start of the first window */
    Windows(long start, Duration sending) {
        int count =
                Math.toIntExact((sending.toNanos() + WIDTH.toNanos() - 1) / WIDTH.toNanos()); // the last may be shorter
        this.start = start;
        this.offered = new AtomicLongArray(count);
        this.delivered = new AtomicLongArray(count);
        this.latencyMicros = new Histogram[count];
        for (int i = 0; i < count; i++) {
            latencyMicros[i] = new ConcurrentHistogram(Load.HIGHEST_LATENCY_MICROS, 3);
        }
    }

    long start() {
        return start;
    }

    void offered(long due) {
        offered.incrementAndGet(indexOf(due));
    }

    /** Thread-safe: every poll records what it received. */
    void delivered(long due, long received) {
        int at = indexOf(received);
        if (at < delivered.length()) {
            delivered.incrementAndGet(at);
        } else {
            deliveredAfterTheEnd.increment();
        }
        latencyMicros[indexOf(due)].recordValue(Math.min(Load.HIGHEST_LATENCY_MICROS, (received - due) / 1_000));
    }

    private int indexOf(long time) {
        return Math.toIntExact((time - start) / WIDTH.toNanos());
    }

    List<Window> windows() {
        var windows = new ArrayList<Window>();
        for (int i = 0; i < offered.length(); i++) {
            windows.add(new Window(WIDTH.multipliedBy(i), offered.get(i), delivered.get(i), latencyMicros[i].copy()));
        }
        return windows;
    }

    /** Messages that arrived after the last window ended, the sending's backlog. */
    long deliveredAfterTheEnd() {
        return deliveredAfterTheEnd.sum();
    }

    /** The latencies of the messages due in the windows that start within {@code first}. */
    Histogram latencyMicrosOfFirst(Duration first) {
        var all = new Histogram(Load.HIGHEST_LATENCY_MICROS, 3);
        for (Window window : windows()) {
            if (window.start().compareTo(first) < 0) {
                all.add(window.latencyMicros());
            }
        }
        return all;
    }

    /**
     * How long after the first window's start the server kept up for good: the end of the last
     * window that did not keep up (zero when all did), or none when the last one did not.
     */
    static Optional<Duration> steadyAfter(List<Window> windows) {
        for (int i = windows.size() - 1; i >= 0; i--) {
            if (!windows.get(i).keepsUp()) {
                return i == windows.size() - 1 ? Optional.empty() : Optional.of(WIDTH.multipliedBy(i + 1));
            }
        }
        return Optional.of(Duration.ZERO);
    }

    /**
     * @param start          from the first window's start
     * @param latencyMicros  of the messages due in it that arrived
     */
    record Window(Duration start, long offered, long delivered, Histogram latencyMicros) {

        double deliveredPercent() {
            return offered == 0 ? 100 : 100.0 * delivered / offered;
        }

        boolean keepsUp() {
            return delivered >= KEEPING_UP * offered;
        }
    }
}
