package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.queue.entity.ClientId;
import longpoll.stats.control.Counters;
import longpoll.web.entity.ApiException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is waiting on this node, from a poll's arrival until its task has ended (see
 * {@link #leave}). It also keeps the node within {@code longpoll.poll.max-waiting} unanswered
 * polls, the number its Redis pool and executor are sized for: beyond that a poll is refused at
 * once with a 503, rather than queued where it could not be served in time. A poll gives up its
 * place when it is answered, before its answer is written: the client polls again at once, and
 * its next poll must not find the node full of its last one (in a burst of answers on a busy
 * node, polls answered but not yet left had 16 of 9,500 clients refused). By then its pop no
 * longer holds a Redis connection; only a poll answered by its response's timeout may still be
 * popping for a moment. And it keeps one client id within {@code longpoll.poll.max-per-client}
 * unanswered polls on this node, so that one caller can't take the node's share of many: beyond
 * that a poll is refused with a 429.
 */
@ApplicationScoped
public class WaitingPolls {

    @Inject
    @ConfigProperty(name = "longpoll.poll.max-waiting", defaultValue = "9600")
    int maxWaiting;

    @Inject
    Counters counters;

    @Inject
    @ConfigProperty(name = "longpoll.poll.max-per-client", defaultValue = "4")
    int maxPerClient;

    private static final long CHECK_INTERVAL_MILLIS = 10;

    /** Polls holding a place: admitted, and neither answered nor left. */
    private final AtomicInteger count = new AtomicInteger();
    /** Polls admitted and not left: those whose task a stopping node waits for. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile boolean stopping;
    private final Map<String, Set<HeldPoll>> byClient = new ConcurrentHashMap<>();

    /**
     * @throws ApiException 503 when the node already holds as many polls as it can, 429 when the
     *                      client already has {@code max-per-client} polls unanswered here
     */
    HeldPoll admit(ClientId client, AsyncResponse response) {
        if (stopping) {
            throw ApiException.unavailable("The server is stopping");
        }
        if (count.incrementAndGet() > maxWaiting) {
            count.decrementAndGet();
            throw ApiException.unavailable("This node is holding its maximum of " + maxWaiting + " polls");
        }
        var poll = new HeldPoll(client, response, counters, this::freePlace);
        // compute() runs atomically per client id: two polls of one client can't both take the last place.
        Set<HeldPoll> held = byClient.compute(client.value(), (id, polls) -> {
            var clientPolls = polls == null ? ConcurrentHashMap.<HeldPoll>newKeySet() : polls;
            if (clientPolls.stream().filter(HeldPoll::isOpen).count() < maxPerClient) {
                clientPolls.add(poll);
            }
            return clientPolls.isEmpty() ? null : clientPolls;
        });
        if (held == null || !held.contains(poll)) {
            count.decrementAndGet();
            throw ApiException.tooManyRequests("This client already has " + maxPerClient + " polls waiting on this node");
        }
        unfinished.incrementAndGet();
        return poll;
    }

    private void freePlace(HeldPoll poll) {
        if (poll.givesUpPlace()) {
            count.decrementAndGet();
        }
    }

    /**
     * The poll's task has ended: its answer is written, or its messages are put back. Only the
     * first call counts; a poll that leaves unanswered gives up its place too.
     */
    void leave(HeldPoll poll) {
        Set<HeldPoll> polls = byClient.get(poll.client().value());
        if (polls == null || !polls.remove(poll)) {
            return;
        }
        freePlace(poll);
        unfinished.decrementAndGet();
        // A set that holds a poll stays mapped until emptied, and compute() drops it only while empty.
        byClient.computeIfPresent(poll.client().value(), (id, held) -> held.isEmpty() ? null : held);
    }

    /** How many polls this node holds right now, unanswered. */
    public int count() {
        return count.get();
    }

    /** Whether the node is stopping, and so refuses new polls. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Refuses new polls and tells every waiting one to come back later (503), so that nobody is
     * left hanging when the server stops.
     *
     * @return how many polls were answered
     */
    int stop() {
        stopping = true;
        var comeBack = ApiException.unavailable("The server is stopping");
        return (int) byClient.values().stream()
                .flatMap(Set::stream)
                .filter(poll -> poll.fail(comeBack))
                .count();
    }

    /** @return whether every poll's task has ended within {@code limit} */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (unfinished.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(CHECK_INTERVAL_MILLIS);
        }
        return unfinished.get() == 0;
    }
}
