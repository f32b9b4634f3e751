package longpoll.stats.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import longpoll.stats.entity.StatsSnapshot;

/**
 * The node's event counters, each incremented at the one place its event happens. Adders, not
 * locks: every poll and send touches them, and they are read only when someone asks.
 */
@ApplicationScoped
public class Counters {

    private final LongAdder pollsWithMessages = new LongAdder();
    private final LongAdder pollsTimedOut = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesDelivered = new LongAdder();
    private final LongAdder messagesRedelivered = new LongAdder();
    private final LongAdder refusedQueueFull = new LongAdder();
    private final LongAdder refusedUnavailable = new LongAdder();
    private final LongAdder redisErrors = new LongAdder();
    private final LongAdder entriesSetAside = new LongAdder();
    private final AtomicInteger pollTasksActive = new AtomicInteger();

    /** A poll was answered {@code 200} with {@code messages}, all of them redelivered or none. */
    public void pollAnswered(int messages, boolean redelivered) {
        pollsWithMessages.increment();
        messagesDelivered.add(messages);
        if (redelivered) {
            messagesRedelivered.add(messages);
        }
    }

    /** A poll was answered {@code 204}. */
    public void pollTimedOut() {
        pollsTimedOut.increment();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    public void refusedQueueFull() {
        refusedQueueFull.increment();
    }

    public void refusedUnavailable() {
        refusedUnavailable.increment();
    }

    public void redisError() {
        redisErrors.increment();
    }

    /** Entries that were not messages were moved to their client's dead-letter list. */
    public void entriesSetAside(int entries) {
        entriesSetAside.add(entries);
    }

    /** Wraps a poll-executor task so that it counts as active from its start until it ends, however it ends. */
    public Runnable tracked(Runnable task) {
        return () -> {
            pollTasksActive.incrementAndGet();
            try {
                task.run();
            } finally {
                pollTasksActive.decrementAndGet();
            }
        };
    }

    /** @param pollsWaiting the polls held now, which the poll registry counts */
    public StatsSnapshot snapshot(int pollsWaiting) {
        return new StatsSnapshot(pollsWaiting, pollTasksActive.get(), pollsWithMessages.sum(), pollsTimedOut.sum(),
                messagesSent.sum(), messagesDelivered.sum(), messagesRedelivered.sum(), refusedQueueFull.sum(),
                refusedUnavailable.sum(), redisErrors.sum(), entriesSetAside.sum());
    }
}
