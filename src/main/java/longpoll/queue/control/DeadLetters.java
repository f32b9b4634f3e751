package longpoll.queue.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.EntriesSetAside;

/**
 * Entries of a client's lists that are not messages ({@code null}, text, an object without a
 * message: anything another writer may have pushed) are moved to the client's dead-letter list,
 * {@code deadletter:{messages:<clientId>}}, which expires like its queue. Left in place, one such
 * entry would come back at the head of every poll and keep the messages behind it from flowing;
 * dropped, it would be lost to whoever wrote it.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = System.getLogger(DeadLetters.class.getName());
    private static final RedisScript SET_ASIDE = RedisScript.named("set-aside.lua");

    @Inject
    RedisConnections redis;

    @Inject
    Event<EntriesSetAside> setAside;

    @Inject
    QueueSettings settings;

    /**
     * @param inFlight whether the entries are in the client's in-flight list (an acknowledging
     *                 client's), rather than taken from its queue already
     * @throws RedisUnavailableException when Redis can't be reached: the entries are where they
     *     were, or, taken from a plain client's list, the caller's to put back
     */
    public void setAside(ClientId client, List<String> entries, boolean inFlight) {
        var keys = new ArrayList<>(List.of(client.deadLetterKey()));
        if (inFlight) {
            keys.add(client.inFlightKey());
        }
        var args = new ArrayList<>(List.of(String.valueOf(settings.idleExpirySeconds())));
        args.addAll(entries);
        long before;
        before = (Long) redis.polling(r -> SET_ASIDE.run(r, keys, args));
        setAside.fire(new EntriesSetAside(entries.size()));
        if (before == 0) {
            LOG.log(
                    Level.WARNING,
                    "{0}: {1} entry(ies) that are not messages moved to {2}, e.g. {3}",
                    client,
                    entries.size(),
                    client.deadLetterKey(),
                    entries.getFirst());
        }
    }
}
