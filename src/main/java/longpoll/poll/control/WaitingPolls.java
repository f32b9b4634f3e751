package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.control.Pollers;
import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;

/**
 * Who is waiting on this node, from a poll's arrival until it has ended: it admits polls, finds
 * the poll a wake-up names, and hears from each {@link HeldPoll} when it ends, without ever
 * changing a poll's stage. It keeps the node within {@code longpoll.poll.max-waiting} open polls:
 * beyond that a poll is refused at once with a 503, rather than held where the node has no room
 * for it. A poll gives up its place when it ends, before its answer is written: the client polls
 * again at once, and its next poll must not find the node full of its last one.
 *
 * <p>A client that comes back is never refused for the polls it left behind. Its new poll
 * supersedes the older ones service-wide (they take nothing any more, see {@link Pollers}), and
 * on this node it keeps at most {@code longpoll.poll.max-per-client} polls open: beyond that, its
 * oldest is superseded at once, answered {@code 204}. What is refused ({@code 429}) is a newest
 * poll superseding the oldest so more than {@code max-per-client} times within a second: reloads
 * and a second tab never do, but more live tabs of one id than that, each polling again when
 * superseded, would storm.
 *
 * <p>Polls that ended while they may still be their clients' pollers wait here until the node's
 * wait steps them down in Redis, many in one round trip ({@link #endedPollers}).
 */
@ApplicationScoped
public class WaitingPolls implements HeldPoll.Registry {

    private static final Duration SUPERSEDE_WINDOW = Duration.ofSeconds(1);

    @Inject
    PollSettings settings;

    @Inject
    Event<PollAnswered> answered;

    @Inject
    Pollers pollers;

    /** Polls holding a place: admitted, and not ended. */
    private final AtomicInteger count = new AtomicInteger();

    private final AtomicLong admitted = new AtomicLong();
    private volatile boolean stopping;
    private final Map<String, ClientPolls> byClient = new ConcurrentHashMap<>();
    private final Map<Long, HeldPoll> byNumber = new ConcurrentHashMap<>();
    private final Queue<HeldPoll> endedPollers = new ConcurrentLinkedQueue<>();

    /** One client's polls on this node, and how often its newest superseded its oldest lately. */
    private static final class ClientPolls {
        final Set<HeldPoll> polls = ConcurrentHashMap.newKeySet();
        long windowStart;
        int superseded;
    }

    /**
     * @param acknowledging whether the client acknowledges (see {@link Acknowledgement})
     * @return the new poll, and the client's oldest open poll on this node when the new one
     *     takes its share (to be answered {@code 204}), or null
     * @throws Refusal unavailable when the node already holds as many polls as it can, too many when the
     *                      client's newest polls supersede its oldest too often
     */
    Admitted admit(ClientId client, boolean acknowledging, AsyncResponse response) {
        if (stopping) {
            throw Refusal.unavailable("The server is stopping");
        }
        if (count.incrementAndGet() > settings.maxWaiting()) {
            count.decrementAndGet();
            throw Refusal.unavailable("This node is holding its maximum of " + settings.maxWaiting() + " polls");
        }
        long number = admitted.incrementAndGet();
        var poll = new HeldPoll(client, number, pollers.nameOfNewPoll(), acknowledging, response, answered::fire, this);
        var superseded = new HeldPoll[1];
        // compute() runs atomically per client id: two polls of one client can't both take the last share.
        ClientPolls held = byClient.compute(client.value(), (id, existing) -> {
            var mine = existing == null ? new ClientPolls() : existing;
            var open = mine.polls.stream().filter(HeldPoll::isOpen).toList();
            if (open.size() >= settings.maxPerClient()) {
                if (!superseding(mine)) {
                    return mine.polls.isEmpty() ? null : mine;
                }
                superseded[0] = open.stream()
                        .min(Comparator.comparingLong(HeldPoll::number))
                        .orElseThrow();
            }
            mine.polls.add(poll);
            return mine;
        });
        if (held == null || !held.polls.contains(poll)) {
            count.decrementAndGet();
            throw Refusal.tooMany("This client has " + settings.maxPerClient() + " polls waiting on this node and "
                    + "superseded its oldest " + settings.maxPerClient() + " times within a second");
        }
        byNumber.put(number, poll);
        return new Admitted(poll, superseded[0]);
    }

    /** A new poll, and the client's oldest poll on this node it supersedes at once, or null. */
    record Admitted(HeldPoll poll, HeldPoll superseded) {}

    /** Counts one more supersession in the client's window; false when the window has had its share. */
    private boolean superseding(ClientPolls client) {
        long now = System.nanoTime();
        if (now - client.windowStart > SUPERSEDE_WINDOW.toNanos()) {
            client.windowStart = now;
            client.superseded = 0;
        }
        return ++client.superseded <= settings.maxPerClient();
    }

    @Override
    public void ended(HeldPoll poll, boolean mayBePoller) {
        count.decrementAndGet();
        byNumber.remove(poll.number());
        if (mayBePoller) {
            endedPollers.add(poll);
        }
        // A client stays mapped while it holds a poll, and compute() drops it only once emptied.
        byClient.computeIfPresent(poll.client().value(), (id, held) -> {
            held.polls.remove(poll);
            return held.polls.isEmpty() ? null : held;
        });
    }

    /** The open poll of this node with this number, or null. */
    HeldPoll byNumber(long number) {
        return byNumber.get(number);
    }

    /** The polls that ended while they may have been their clients' pollers, taken out of this registry. */
    List<HeldPoll> endedPollers() {
        var ended = new ArrayList<HeldPoll>();
        for (HeldPoll poll; (poll = endedPollers.poll()) != null; ) {
            ended.add(poll);
        }
        return ended;
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

    /** The open polls on this node now. */
    Stream<HeldPoll> held() {
        return byNumber.values().stream();
    }
}
