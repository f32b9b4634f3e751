package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.control.Pollers;
import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;

/**
 * Who is waiting on this node, from a poll's arrival until it has ended and its pop too: it
 * admits polls, and hears from each {@link HeldPoll} when it gives up its place and when it leaves,
 * without ever changing a poll's stage. It keeps the node within {@code longpoll.poll.max-waiting} open polls, the
 * number its Redis pool and executor are sized for: beyond that a poll is refused at once with a
 * 503, rather than queued where it could not be served in time. A poll gives up its place when it
 * ends, before its answer is written: the client polls again at once, and its next poll must not
 * find the node full of its last one.
 *
 * <p>A client that comes back is never refused for the polls it left behind. Its new poll
 * supersedes the older ones service-wide (they stop popping, see {@link Pollers}), and on this
 * node it keeps at most {@code longpoll.poll.max-per-client} polls open: beyond that, its oldest
 * is answered {@code 204} at once. What is refused ({@code 429}) is a newest poll displacing the
 * oldest more than {@code max-per-client} times within a second: reloads and a second tab never
 * do, but more live tabs of one id than that, each polling again when displaced, would storm.
 */
@ApplicationScoped
public class WaitingPolls implements HeldPoll.Registry {

    private static final long CHECK_INTERVAL_MILLIS = 10;
    private static final long DISPLACE_WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    @Inject
    PollSettings settings;

    @Inject
    Event<PollAnswered> answered;

    @Inject
    Pollers pollers;

    /** Polls holding a place: admitted, and not ended. */
    private final AtomicInteger count = new AtomicInteger();
    /** Polls admitted and not left: those whose pop a stopping node waits for. */
    private final AtomicInteger unfinished = new AtomicInteger();

    private final AtomicLong admitted = new AtomicLong();
    private volatile boolean stopping;
    private final Map<String, ClientPolls> byClient = new ConcurrentHashMap<>();

    /** One client's polls on this node, and how often its newest displaced its oldest lately. */
    private static final class ClientPolls {
        final Set<HeldPoll> polls = ConcurrentHashMap.newKeySet();
        long windowStart;
        int displaced;
    }

    /**
     * @return the new poll, and the client's oldest open poll on this node when the new one
     *     takes its share (to be answered {@code 204}), or null
     * @throws Refusal unavailable when the node already holds as many polls as it can, too many when the
     *                      client's newest polls displace its oldest too often
     */
    Admitted admit(ClientId client, AsyncResponse response) {
        if (stopping) {
            throw Refusal.unavailable("The server is stopping");
        }
        if (count.incrementAndGet() > settings.maxWaiting()) {
            count.decrementAndGet();
            throw Refusal.unavailable("This node is holding its maximum of " + settings.maxWaiting() + " polls");
        }
        var poll = new HeldPoll(
                client, admitted.incrementAndGet(), pollers.wakeKeyOfNewPoll(client), response, answered::fire, this);
        var displaced = new HeldPoll[1];
        // compute() runs atomically per client id: two polls of one client can't both take the last share.
        ClientPolls held = byClient.compute(client.value(), (id, existing) -> {
            var mine = existing == null ? new ClientPolls() : existing;
            var open = mine.polls.stream().filter(HeldPoll::isOpen).toList();
            if (open.size() >= settings.maxPerClient()) {
                if (!displacing(mine)) {
                    return mine.polls.isEmpty() ? null : mine;
                }
                displaced[0] = open.stream()
                        .min(Comparator.comparingLong(HeldPoll::number))
                        .orElseThrow();
            }
            mine.polls.add(poll);
            return mine;
        });
        if (held == null || !held.polls.contains(poll)) {
            count.decrementAndGet();
            throw Refusal.tooMany("This client has " + settings.maxPerClient() + " polls waiting on this node and "
                    + "replaced its oldest " + settings.maxPerClient() + " times within a second");
        }
        unfinished.incrementAndGet();
        return new Admitted(poll, displaced[0]);
    }

    /** A new poll, and the client's oldest poll it displaced on this node, or null. */
    record Admitted(HeldPoll poll, HeldPoll displaced) {}

    /** Counts one more displacement in the client's window; false when the window has had its share. */
    private boolean displacing(ClientPolls client) {
        long now = System.nanoTime();
        if (now - client.windowStart > DISPLACE_WINDOW_NANOS) {
            client.windowStart = now;
            client.displaced = 0;
        }
        return ++client.displaced <= settings.maxPerClient();
    }

    @Override
    public void placeFreed(HeldPoll poll) {
        count.decrementAndGet();
    }

    @Override
    public void left(HeldPoll poll) {
        ClientPolls client = byClient.get(poll.client().value());
        if (client == null || !client.polls.remove(poll)) {
            return;
        }
        unfinished.decrementAndGet();
        // A client stays mapped while it holds a poll, and compute() drops it only once emptied.
        byClient.computeIfPresent(poll.client().value(), (id, held) -> held.polls.isEmpty() ? null : held);
    }

    /** How many polls this node holds right now, open. */
    public int count() {
        return count.get();
    }

    /** Whether the node is stopping, and so refuses new polls. */
    public boolean isStopping() {
        return stopping;
    }

    /** From now on, refuses new polls (503): the node is stopping. */
    void refuseNewPolls() {
        stopping = true;
    }

    /** The polls on this node now, open or with their pop still at work. */
    Stream<HeldPoll> held() {
        return byClient.values().stream().flatMap(client -> client.polls.stream());
    }

    /** @return whether every poll's pop has ended within {@code limit} */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (unfinished.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(CHECK_INTERVAL_MILLIS);
        }
        return unfinished.get() == 0;
    }
}
