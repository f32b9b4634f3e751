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
 * Who is waiting on this node, from a poll's arrival until its pop has answered it or has ended
 * (see {@link #leave}). It also keeps the node within {@code longpoll.poll.max-waiting}, the
 * number of polls its Redis pool and executor are sized for: beyond that a poll is refused at
 * once with a 503, rather than queued where it could not be served in time. And it keeps one
 * client id within
 * {@code longpoll.poll.max-per-client} unanswered polls on this node, so that one caller can't
 * take the node's share of many: beyond that a poll is refused with a 429.
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

    private final AtomicInteger count = new AtomicInteger();
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
        var poll = new HeldPoll(client, response, counters);
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
        return poll;
    }

    /**
     * The poll no longer waits. Called once its pop's answer is written (the client polls again
     * at once, and its next poll must find this one gone), and again when its pop task ends,
     * whatever happened: only the first call counts.
     */
    void leave(HeldPoll poll) {
        Set<HeldPoll> polls = byClient.get(poll.client().value());
        if (polls == null || !polls.remove(poll)) {
            return;
        }
        count.decrementAndGet();
        // A set that holds a poll stays mapped until emptied, and compute() drops it only while empty.
        byClient.computeIfPresent(poll.client().value(), (id, held) -> held.isEmpty() ? null : held);
    }

    /** How many polls this node holds right now. */
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

    /** @return whether every poll's pop has ended within {@code limit} */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(CHECK_INTERVAL_MILLIS);
        }
        return count.get() == 0;
    }
}
