package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Supplier;
import longpoll.queue.entity.ClientId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a client is waiting, for the whole service rather than one node: each poll counts
 * itself in Redis while its pop waits, so a send through any node can tell (see append.lua).
 * A poll counts itself in and out in the scripts that take its messages, in the same round trips
 * (see {@link #counting}); {@link #whileCounted} counts out a poll whose wait ended without a
 * message.
 * The count expires a little after the longest poll, so a node that dies with polls counted
 * leaves a stale answer for that long at most.
 */
@ApplicationScoped
public class Presence {

    private static final Logger LOG = System.getLogger(Presence.class.getName());
    private static final RedisScript COUNT_OUT = counting("count-out.lua");
    /** Past the poll's own end: the pop's reply may take up to a Redis timeout more. */
    private static final int MARGIN_SECONDS = 1;

    @Inject
    RedisConnections redis;

    @Inject
    @ConfigProperty(name = "longpoll.poll.timeout-seconds", defaultValue = "30")
    int pollTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "longpoll.redis.timeout-millis", defaultValue = "2000")
    int timeoutMillis;

    private String expirySeconds;

    @PostConstruct
    void computeExpiry() {
        expirySeconds = String.valueOf(pollTimeoutSeconds + Math.ceilDiv(timeoutMillis, 1000) + MARGIN_SECONDS);
    }

    /** A script that counts polls in or out, with the counting function (presence.lua) put before it. */
    static RedisScript counting(String fileName) {
        return RedisScript.named("presence.lua", fileName);
    }

    /** The argument the counting scripts take: how long a count lives after its last change. */
    String expirySeconds() {
        return expirySeconds;
    }

    /**
     * Runs the blocking pop of a poll counted in, and counts the poll out when the pop fails or
     * gets nothing; a pop that got a message leaves the counting out to the script that takes it.
     *
     * @return what the pop got, or null
     */
    <T> T whileCounted(ClientId client, Supplier<T> pop) {
        T taken;
        try {
            taken = pop.get();
        } catch (RuntimeException e) {
            leave(client);
            throw e;
        }
        if (taken == null) {
            leave(client);
        }
        return taken;
    }

    /**
     * A poll of the client stopped waiting without a message. Whatever fails now, the count
     * expires by itself, and the end of the poll (which runs after this) must not fail for it.
     */
    private void leave(ClientId client) {
        try {
            redis.polling(r -> COUNT_OUT.run(r, List.of(client.presenceKey()), List.of(expirySeconds())));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "{0}: could not count a poll out, its presence expires by itself: {1}", client, e);
        }
    }
}
