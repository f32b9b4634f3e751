package longpoll.access.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} sends per sender in each clock second on this node: a fixed window,
 * counted without locks beyond the map's own per-key atomicity. Windows of past seconds are
 * swept once a second, so the map holds only the senders of the current second.
 */
public final class SendRateLimit {

    private record Window(long second, int count) {}

    private final int perSecond;
    private final LongSupplier clockMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong sweptAt = new AtomicLong();

    /** @param clockMillis the current time in milliseconds, e.g. {@code System::currentTimeMillis} */
    public SendRateLimit(int perSecond, LongSupplier clockMillis) {
        this.perSecond = perSecond;
        this.clockMillis = clockMillis;
    }

    /** Counts a send of {@code sender}, and tells whether it is within the limit. */
    public boolean tryAcquire(String sender) {
        long second = clockMillis.getAsLong() / 1000;
        sweep(second);
        // A send that read the clock before the second turned counts in the newer window: starting
        // its own older one would throw away the newer one's count.
        Window window = windows.merge(
                sender,
                new Window(second, 1),
                (current, first) ->
                        current.second() >= second ? new Window(current.second(), current.count() + 1) : first);
        return window.count() <= perSecond;
    }

    private void sweep(long second) {
        long last = sweptAt.get();
        if (last != second && sweptAt.compareAndSet(last, second)) {
            windows.values().removeIf(window -> window.second() < second);
        }
    }
}
