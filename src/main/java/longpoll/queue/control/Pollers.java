package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import longpoll.queue.entity.ClientId;

/**
 * Which poll of a client may take its messages, for the whole service rather than one node: the
 * newest. Each poll takes over as its client's poller in the script that starts it, which wakes
 * the poll that was the poller before, on whichever node it waits, before the new poll pops (see
 * poller.lua). A poll so never leaves an older poll of its client behind that could take a
 * message and write it to a connection nobody reads any more (a reloaded page, a dropped
 * connection). A poll that is no longer the poller hands back whatever its pop took.
 *
 * <p>Each poll blocks on its own wake key beside its client's list; the poller key names the
 * wake key of the current poller, so a send can tell whether its recipient waits. Both expire a
 * little after the longest poll, so a node that dies leaves them behind for that long at most.
 */
@ApplicationScoped
public class Pollers {

    private static final Logger LOG = System.getLogger(Pollers.class.getName());
    private static final RedisScript STEP_DOWN = taking("step-down.lua");
    private static final RedisScript RELEASE = taking("release.lua");
    /** Past the poll's own end: the pop's reply may take up to a Redis timeout more. */
    private static final int MARGIN_SECONDS = 1;

    @Inject
    RedisConnections redis;

    @Inject
    QueueSettings settings;

    /** Makes every poll's wake key unique over the service: this node's part, then a counter. */
    private final String node = UUID.randomUUID().toString().substring(0, 8);

    private final AtomicLong polls = new AtomicLong();
    private String expirySeconds;

    @PostConstruct
    void computeExpiry() {
        expirySeconds = String.valueOf(
                settings.pollTimeoutSeconds() + Math.ceilDiv(settings.timeoutMillis(), 1000) + MARGIN_SECONDS);
    }

    /**
     * A script that takes a client's messages, with the poller's functions (poller.lua) put before it.
     *
     * @param fileNames the files whose sources, one after the other, make the rest of the script
     */
    static RedisScript taking(String... fileNames) {
        var files = new String[fileNames.length + 1];
        files[0] = "poller.lua";
        System.arraycopy(fileNames, 0, files, 1, fileNames.length);
        return RedisScript.named(files);
    }

    /** A new poll's wake key, which no other poll of the service has. */
    public String wakeKeyOfNewPoll(ClientId client) {
        return client.wakeKey(node + "-" + polls.incrementAndGet());
    }

    /** The argument the poller's scripts take: how long its keys live after their last change. */
    String expirySeconds() {
        return expirySeconds;
    }

    /**
     * Runs the blocking pop of a poll that is its client's poller, and steps down when the pop
     * fails or gets nothing; a pop that got something leaves stepping down to the script that
     * takes it.
     *
     * @return what the pop got, or null
     */
    <T> T popping(ClientId client, String wakeKey, Supplier<T> pop) {
        T taken;
        try {
            taken = pop.get();
        } catch (RuntimeException e) {
            stepDown(client, wakeKey);
            throw e;
        }
        if (taken == null) {
            stepDown(client, wakeKey);
        }
        return taken;
    }

    /**
     * The poll's pop ended without a message (its wait ran out or failed): it is the poller no
     * more. Whatever fails now, the keys expire by themselves, and the end of the poll (which
     * runs after this) must not fail for it.
     */
    private void stepDown(ClientId client, String wakeKey) {
        try {
            redis.polling(r -> STEP_DOWN.run(r, List.of(client.pollerKey(), wakeKey), List.of()));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "{0}: a poll could not step down, its keys expire by themselves: {1}", client, e);
        }
    }

    /**
     * The poll's client left: the poll steps down, and its pop, when it blocks on its wake key,
     * ends at once. A pop that does not (an acknowledging poll's blocking move) hands back what
     * it takes, since the poll is no longer the poller.
     *
     * @throws RedisUnavailableException when Redis can't be reached: then the pop ends with its wait
     */
    public void release(ClientId client, String wakeKey) {
        redis.commands(r -> RELEASE.run(r, List.of(client.pollerKey(), wakeKey), List.of(expirySeconds)));
    }
}
