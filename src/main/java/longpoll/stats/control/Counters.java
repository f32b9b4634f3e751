package longpoll.stats.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.LongAdder;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.EntriesSetAside;
import longpoll.queue.entity.MessagesQueued;
import longpoll.queue.entity.RedisCallFailed;
import longpoll.stats.entity.StatsSnapshot;
import longpoll.web.entity.RequestRefused;

/**
 * The node's event counters. They observe what the other components report (CDI events), so the
 * poll and queue code knows nothing of them. Adders, not locks: every poll and send moves them,
 * and they are read only when someone asks.
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

    void pollAnswered(@Observes PollAnswered poll) {
        if (poll.timedOut()) {
            pollsTimedOut.increment();
            return;
        }
        pollsWithMessages.increment();
        messagesDelivered.add(poll.messages());
        if (poll.redelivered()) {
            messagesRedelivered.add(poll.messages());
        }
    }

    void messagesQueued(@Observes MessagesQueued queued) {
        messagesSent.add(queued.count());
    }

    void refused(@Observes RequestRefused refusal) {
        switch (refusal) {
            case QUEUE_FULL -> refusedQueueFull.increment();
            case NO_CAPACITY -> refusedUnavailable.increment();
        }
    }

    void redisCallFailed(@Observes RedisCallFailed failure) {
        redisErrors.increment();
    }

    void entriesSetAside(@Observes EntriesSetAside setAside) {
        entriesSetAside.add(setAside.count());
    }

    /**
     * @param pollsWaiting the polls held now, which the poll registry counts
     * @param popsRunning  the blocking pops running now, which the poll executor counts
     */
    public StatsSnapshot snapshot(int pollsWaiting, int popsRunning) {
        return new StatsSnapshot(pollsWaiting, popsRunning, pollsWithMessages.sum(), pollsTimedOut.sum(),
                messagesSent.sum(), messagesDelivered.sum(), messagesRedelivered.sum(), refusedQueueFull.sum(),
                refusedUnavailable.sum(), redisErrors.sum(), entriesSetAside.sum());
    }
}
