package longpoll.queue.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import longpoll.queue.entity.ClientId;
import redis.clients.jedis.util.KeyValue;

/**
 * Which poll of a client may take its messages, for the whole service rather than one node: its
 * poller, the newest (see poller.lua). A poll becomes its client's poller in the script that
 * starts it, which supersedes the poll before, on whichever node that waits: a poll so never
 * leaves an older poll of its client behind that could take a message and write it to a
 * connection nobody reads any more (a reloaded page, a dropped connection).
 *
 * <p>A poll's name is its node's name and a number. A send that finds a poller wakes its node:
 * it pushes the poll's number on the node's wake list, {@code wake:<node>}, on which the node's
 * one blocking wait blocks ({@link #awaitWakeUp}). The poller key and the wake list expire a
 * little after the longest poll, so those of a node that died go by themselves.
 */
@ApplicationScoped
public class Pollers {

    private static final Logger LOG = System.getLogger(Pollers.class.getName());
    private static final RedisScript STEP_DOWN = taking("step-down.lua");
    private static final RedisScript WAKE_UPS = RedisScript.named("wake-ups.lua");
    /** Past the poll's own end: its take's reply may take up to a Redis timeout more. */
    private static final int MARGIN_SECONDS = 1;
    /** Below this Redis rounds a blocking timeout to 0, which means "wait forever". */
    private static final Duration SHORTEST_BLOCK = Duration.ofMillis(10);
    /** The most wake-ups one round of the node's wait takes on: enough for any burst, few enough for one pipeline. */
    private static final int MOST_WAKE_UPS_AT_ONCE = 1000;

    @Inject
    RedisConnections redis;

    @Inject
    QueueSettings settings;

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

    /** A new poll's name, which no other poll of the service has: this node's name and a number. */
    public String nameOfNewPoll() {
        return redis.node() + " " + polls.incrementAndGet();
    }

    /** The number in a poll's name, or -1 for a name that is not a poll's of this design. */
    static long numberOf(String pollName) {
        int space = pollName.indexOf(' ');
        try {
            return Long.parseLong(pollName.substring(space + 1));
        } catch (NumberFormatException notAPoll) {
            return -1;
        }
    }

    /** The argument the poller's scripts take: how long its keys live after their last change. */
    String expirySeconds() {
        return expirySeconds;
    }

    /** A node's wake list, on which sends push the numbers of its polls they wake (append.lua names it too). */
    static String wakeKey(String node) {
        return "wake:" + node;
    }

    /**
     * Blocks up to {@code wait} until a poll of this node is woken; with a wait shorter than
     * Redis can block, looks once.
     *
     * @return the number of the poll woken first, or none when none came in time; the wake-ups
     *     behind it come with the node's next takes ({@link #wakeUpsCall})
     * @throws RedisUnavailableException when Redis can't be reached
     */
    public List<Long> awaitWakeUp(Duration wait) {
        String key = wakeKey(redis.node());
        var woken = new ArrayList<Long>(1);
        if (wait.compareTo(SHORTEST_BLOCK) >= 0) {
            KeyValue<String, String> first = redis.polling(r -> r.blpop(wait.toMillis() / 1000.0, key));
            if (first != null) {
                addNumber(woken, first.getValue());
            }
        } else {
            String first = redis.polling(r -> r.lpop(key));
            if (first != null) {
                addNumber(woken, first);
            }
        }
        return woken;
    }

    /** Takes the wake-ups waiting on this node's list, run with the node's takes (see {@link MessageQueue#take}). */
    RedisScript.Call wakeUpsCall() {
        return WAKE_UPS.call(List.of(wakeKey(redis.node())), List.of(String.valueOf(MOST_WAKE_UPS_AT_ONCE)));
    }

    /** The polls' numbers in the reply of {@link #wakeUpsCall}. */
    static List<Long> wakeUpsIn(List<?> reply) {
        var woken = new ArrayList<Long>(reply.size());
        reply.forEach(number -> addNumber(woken, (String) number));
        return woken;
    }

    /** Something else on the list than a poll's number, by whatever wrote it, wakes nobody. */
    private static void addNumber(List<Long> woken, String wakeUp) {
        long number = numberOf(" " + wakeUp);
        if (number >= 0) {
            woken.add(number);
        }
    }

    /**
     * Wakes the nodes of the polls named, in a Cluster, where append.lua can't: each gets the
     * numbers of its polls on its wake list, all in one round trip. A wake-up that fails is not the send's failure: the node finds the
     * messages when it next looks at its waiting clients' lists.
     */
    void wake(Collection<String> pollNames) {
        var byNode = new LinkedHashMap<String, List<String>>();
        for (String name : pollNames) {
            int space = name.indexOf(' ');
            if (space > 0 && numberOf(name) >= 0) {
                byNode.computeIfAbsent(name.substring(0, space), node -> new ArrayList<>())
                        .add(name.substring(space + 1));
            }
        }
        if (byNode.isEmpty()) {
            return;
        }
        try {
            redis.commands(r -> {
                try (var pipeline = r.pipelined()) {
                    byNode.forEach((node, numbers) -> {
                        pipeline.rpush(wakeKey(node), numbers.toArray(String[]::new));
                        pipeline.expire(wakeKey(node), Long.parseLong(expirySeconds));
                    });
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not wake {0}, the nodes look at their lists soon: {1}", byNode.keySet(), e);
        }
    }

    /**
     * Polls that ended without taking (answered 204, failed, their clients left) stop being their
     * clients' pollers, where they still are, all in one round trip. Whatever fails now, the keys
     * expire by themselves.
     *
     * @param clients   each poll's client
     * @param pollNames each poll's name, in the same order
     */
    public void stepDown(List<ClientId> clients, List<String> pollNames) {
        var calls = new ArrayList<RedisScript.Call>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            calls.add(STEP_DOWN.call(List.of(clients.get(i).pollerKey()), List.of(pollNames.get(i))));
        }
        try {
            redis.polling(r -> RedisScript.runAll(r, calls, 0, 0));
        } catch (RuntimeException e) {
            LOG.log(
                    Level.DEBUG,
                    "{0} poll(s) could not step down, their keys expire by themselves: {1}",
                    calls.size(),
                    e);
        }
    }
}
