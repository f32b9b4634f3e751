package longpoll.queue.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import longpoll.json.Json;
import longpoll.queue.entity.Batch;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.Digest;
import longpoll.queue.entity.Handout;
import longpoll.queue.entity.MessagesQueued;
import longpoll.queue.entity.QueuedMessage;
import longpoll.queue.entity.Take;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Each client's messages as a Redis list: appended on the right, taken from the left, and put
 * back on the left when a taken message could not be handed over, so FIFO order survives.
 * (Acknowledging clients' polls move them in flight through {@link InFlightMessages} instead.)
 * A send wakes the node whose poll waits for the recipient ({@link Pollers}); that node takes
 * for all the polls it woke in one round trip ({@link #take}).
 */
@ApplicationScoped
public class MessageQueue {

    private static final Logger LOG = System.getLogger(MessageQueue.class.getName());
    private static final RedisScript APPEND = RedisScript.named("append.lua");
    private static final RedisScript TAKE_OR_WAIT = Pollers.taking("batch.lua", "take-or-wait.lua");
    private static final RedisScript TAKE = Pollers.taking("batch.lua", "take.lua");
    private static final RedisScript PUT_BACK = RedisScript.named("put-back.lua");
    /** append.lua's outcome for a message: queued (else its key was seen before, or the list was full). */
    private static final long QUEUED = 1;

    private static final long FULL = -1;
    private static final long KEY_REUSED = -2;

    @Inject
    RedisConnections redis;

    @Inject
    Pollers pollers;

    @Inject
    InFlightMessages inFlight;

    @Inject
    Event<MessagesQueued> queued;

    @Inject
    QueueSettings settings;

    private final Set<HeldBack> heldBack = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * Queues messages, each on its recipient's list, in one round trip to Redis: one script call
     * per recipient, holding that recipient's messages in their order. With
     * {@code longpoll.redis.wait-replicas} set, returns only once that many replicas have them,
     * so that a failover can't lose a message whose send was answered. The nodes whose polls wait
     * for the recipients are woken in the same round trip, in a Cluster in the next one.
     *
     * @param idempotencyKeys empty, or each message's key: the sender's {@code Idempotency-Key} in
     *     the scope it holds in (see {@code send.control.Sender}); a key is remembered with the
     *     fingerprint of its message
     * @return for each message, in order: its id (for a key seen before, the id the first send
     *     got: nothing is queued again), and whether a poll of its recipient waits on any node
     * @throws QueueFullException when a recipient's list already holds {@code longpoll.queue.max-length}
     *     messages; the other recipients' messages are queued
     * @throws IdempotencyKeyReusedException when a message's key was used before for another
     *     message (the same scope, another fingerprint); the other messages are queued
     */
    public List<Appended> append(List<QueuedMessage> messages, List<String> idempotencyKeys) {
        var byRecipient = new LinkedHashMap<ClientId, List<Integer>>();
        for (int i = 0; i < messages.size(); i++) {
            byRecipient
                    .computeIfAbsent(new ClientId(messages.get(i).to()), to -> new ArrayList<>())
                    .add(i);
        }
        var calls = new ArrayList<RedisScript.Call>(byRecipient.size());
        byRecipient.forEach((client, indexes) -> calls.add(appendCall(client, indexes, messages, idempotencyKeys)));
        long start = System.nanoTime();
        List<Object> outcomes = redis.commands(r -> {
            var results = RedisScript.runAll(r, calls, settings.waitReplicas(), settings.waitReplicasMillis());
            for (Object result : results) {
                if (result instanceof JedisDataException e) {
                    throw e;
                }
            }
            return results;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        var appended = new Appended[messages.size()];
        RuntimeException refused = null;
        int call = 0;
        int queuedNow = 0;
        var pollersToWake = new ArrayList<String>();
        for (var recipient : byRecipient.entrySet()) {
            var outcome = (List<?>) outcomes.get(call++);
            String poller = (String) outcome.getFirst();
            boolean waiting = !poller.isEmpty();
            if (waiting) {
                pollersToWake.add(poller);
            }
            for (int m = 0; m < recipient.getValue().size(); m++) {
                long result = (Long) outcome.get(1 + 2 * m);
                if (result == QUEUED) {
                    queuedNow++;
                } else if (result == FULL || result == KEY_REUSED) {
                    if (refused == null) {
                        refused = result == FULL
                                ? new QueueFullException(recipient.getKey(), settings.maxLength())
                                : new IdempotencyKeyReusedException(recipient.getKey());
                    }
                    continue;
                }
                appended[recipient.getValue().get(m)] = new Appended((String) outcome.get(2 + 2 * m), waiting);
            }
        }
        if (queuedNow > 0) {
            if (!wakesItself()) {
                pollers.wake(pollersToWake);
            }
            queued.fire(new MessagesQueued(queuedNow, took));
        }
        if (refused != null) {
            throw refused;
        }
        return List.of(appended);
    }

    /**
     * Whether append.lua wakes the recipient's node itself, in the same round trip: everywhere
     * but in a Cluster, where the node's wake list may live on another master than the client's
     * keys.
     */
    private boolean wakesItself() {
        return settings.clusterNodes().isEmpty();
    }

    private RedisScript.Call appendCall(
            ClientId client, List<Integer> indexes, List<QueuedMessage> messages, List<String> idempotencyKeys) {
        var keys = new ArrayList<>(List.of(client.queueKey(), client.pollerKey()));
        var args = new ArrayList<>(List.of(
                String.valueOf(settings.maxLength()),
                String.valueOf(settings.idleExpirySeconds()),
                String.valueOf(settings.idempotencySeconds()),
                wakesItself() ? pollers.expirySeconds() : ""));
        for (int i : indexes) {
            if (!idempotencyKeys.isEmpty()) {
                keys.add(client.idempotencyKey(idempotencyKeys.get(i)));
            }
            args.add(messages.get(i).toEntry());
            args.add(messages.get(i).id());
            args.add(
                    idempotencyKeys.isEmpty()
                            ? ""
                            : Digest.sha1Hex(Json.toJson(messages.get(i).message())));
        }
        return APPEND.call(keys, args);
    }

    /** A message in its recipient's list: its id, and whether a poll of the recipient was waiting. */
    public record Appended(String id, boolean recipientWaiting) {}

    /**
     * A plain poll's start: it becomes the client's poller (see {@link Pollers}) and takes up to
     * one batch of the client's entries already there; when there are none, it stays the poller
     * and waits for its node to take for it ({@link #take}). Two takers of one list never get the
     * same entry.
     *
     * @param pollName the poll's own (see {@link Pollers#nameOfNewPoll})
     */
    @SuppressWarnings("unchecked")
    public Handout start(ClientId client, String pollName, Batch batch) {
        var taken = (List<String>) redis.polling(r -> TAKE_OR_WAIT.run(
                r,
                List.of(client.queueKey(), client.pollerKey()),
                List.of(
                        pollName,
                        String.valueOf(batch.entries()),
                        pollers.expirySeconds(),
                        String.valueOf(batch.bytes()))));
        return taken.isEmpty() ? Handout.NOTHING : Handout.of(taken);
    }

    /**
     * Takes for waiting polls their node woke, plain and acknowledging ones, each as its
     * client's poller, all in one round trip (in a Cluster, one per master): a plain poll takes
     * up to one batch of its client's entries, an acknowledging one moves them in flight (see
     * {@link InFlightMessages}). A poll that is the poller no more takes nothing; one whose
     * client has no entries goes on waiting.
     *
     * <p>The same round trip takes the wake-ups waiting on this node's list (see {@link
     * Pollers#awaitWakeUp}), so that under load the node's wait needs no other call.
     *
     * @return each poll's handout, in order (a take Redis refused has its failure), and the
     *     numbers of the polls woken meanwhile
     * @throws RedisUnavailableException when Redis can't be reached: none of them took anything
     */
    public Round take(List<Take> takes, Batch batch) {
        var calls = new ArrayList<RedisScript.Call>(takes.size() + 1);
        for (Take take : takes) {
            calls.add(
                    take.acknowledging()
                            ? inFlight.takeCall(take, batch)
                            : TAKE.call(
                                    List.of(
                                            take.client().queueKey(),
                                            take.client().pollerKey()),
                                    List.of(
                                            take.pollName(),
                                            String.valueOf(batch.entries()),
                                            String.valueOf(batch.bytes()))));
        }
        calls.add(pollers.wakeUpsCall());
        List<Object> outcomes = redis.polling(r -> RedisScript.runAll(r, calls, 0, 0));
        if (outcomes.getLast() instanceof JedisDataException e) {
            throw redis.refused(e);
        }
        var handouts = new ArrayList<Handout>(takes.size());
        for (Object outcome : outcomes.subList(0, takes.size())) {
            if (outcome instanceof JedisDataException e) {
                handouts.add(Handout.failed(redis.refused(e)));
                continue;
            }
            var answer = (List<?>) outcome;
            if ((Long) answer.getFirst() == 0) {
                handouts.add(Handout.SUPERSEDED);
            } else if (answer.size() == 1) {
                handouts.add(Handout.NOTHING);
            } else {
                handouts.add(Handout.of(answer.subList(1, answer.size()).stream()
                        .map(String.class::cast)
                        .toList()));
            }
        }
        return new Round(handouts, Pollers.wakeUpsIn((List<?>) outcomes.getLast()));
    }

    /** What one round of takes got: each poll's handout, and the wake-ups that came meanwhile. */
    public record Round(List<Handout> handouts, List<Long> woken) {}

    /**
     * Which of the clients have entries in their lists, all in one round trip: where the node's
     * waiting polls look for messages that woke nobody (pushed by another writer than longpoll).
     *
     * @throws RedisUnavailableException when Redis can't be reached
     */
    public List<Boolean> haveEntries(List<ClientId> clients) {
        return redis.polling(r -> {
            var lengths = new ArrayList<Response<Long>>(clients.size());
            try (var pipeline = r.pipelined()) {
                clients.forEach(client -> lengths.add(pipeline.llen(client.queueKey())));
            }
            return lengths.stream().map(length -> length.get() > 0).toList();
        });
    }

    /**
     * Puts entries back at the head of the list, in their order, ahead of anything newer. When
     * Redis can't be reached, this node keeps them and tries again every Redis timeout until it
     * can: they come after messages the client got meanwhile, but they come. Only a node that
     * stops (or dies) before Redis is back loses them; a stopping node logs them.
     */
    public void putBack(ClientId client, List<String> entries) {
        var held = new HeldBack(client, entries);
        if (!putBackNow(held)) {
            LOG.log(
                    Level.WARNING,
                    "Could not put back {0} entry(ies) of {1}: trying again every {2} ms until Redis answers",
                    entries.size(),
                    client,
                    settings.timeoutMillis());
            heldBack.add(held);
            retryLater(held);
        }
    }

    private boolean putBackNow(HeldBack held) {
        var args = new ArrayList<String>(held.entries().size() + 1);
        args.add(String.valueOf(settings.idleExpirySeconds()));
        args.addAll(held.entries());
        try {
            redis.polling(r -> PUT_BACK.run(r, List.of(held.client().queueKey()), args));
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    /**
     * On a virtual thread of its own: no JNDI lookup of a managed scheduler, which WildFly refuses
     * from the poll tasks' threads, where the first put-back may come; and this is rare.
     */
    private void retryLater(HeldBack held) {
        Thread.ofVirtual().name("longpoll-put-back").start(() -> {
            while (!stopping) {
                try {
                    Thread.sleep(settings.timeoutMillis());
                } catch (InterruptedException e) {
                    return; // logged by lastTry
                }
                // Taken out of the set while tried, so that a stopping node's last try does not put them back twice.
                if (stopping || !heldBack.remove(held)) {
                    return;
                }
                if (putBackNow(held)) {
                    LOG.log(
                            Level.INFO,
                            "Put back {0} entry(ies) of {1}",
                            held.entries().size(),
                            held.client());
                    return;
                }
                heldBack.add(held);
            }
        });
    }

    @PreDestroy
    void lastTry() {
        stopping = true;
        for (HeldBack held : heldBack) {
            if (heldBack.remove(held) && !putBackNow(held)) {
                LOG.log(
                        Level.ERROR,
                        "Could not put back entries of {0} before stopping, they are lost: {1}",
                        held.client(),
                        held.entries());
            }
        }
    }

    /** Entries taken from a client's list that Redis was not there to take back. */
    private record HeldBack(ClientId client, List<String> entries) {}
}
