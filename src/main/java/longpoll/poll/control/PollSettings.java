package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The poll component's settings: how long a poll is held, how many one node holds, how often the
 * node looks at its waiting clients' lists, what one answer carries, and which executor runs the
 * node's wait. Defaults: {@code META-INF/microprofile-config.properties}. The queue's settings
 * read the timeout and the recheck too, which time the poller keys and the node's blocking wait.
 */
@ApplicationScoped
public class PollSettings {

    @Inject
    @ConfigProperty(name = "longpoll.poll.timeout-seconds")
    int timeoutSeconds;

    @Inject
    @ConfigProperty(name = "longpoll.poll.max-waiting")
    int maxWaiting;

    @Inject
    @ConfigProperty(name = "longpoll.poll.recheck-millis")
    int recheckMillis;

    @Inject
    @ConfigProperty(name = "longpoll.poll.max-per-client")
    int maxPerClient;

    @Inject
    @ConfigProperty(name = "longpoll.poll.batch-size")
    int batchSize;

    @Inject
    @ConfigProperty(name = "longpoll.poll.batch-bytes")
    long batchBytes;

    @Inject
    @ConfigProperty(name = "longpoll.poll.executor")
    String executor;

    /**
     * Reads the settings on the deployment's thread. On WildFly the poll's beans are first used
     * on a poll task's thread, which does not see the WAR's configuration file.
     */
    void load(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // creating this bean to observe the event is the point
    }

    /** How long a poll is held before {@code 204}, and the longest {@code ?timeout=}. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Polls one node holds at once; beyond it a poll is refused. */
    public int maxWaiting() {
        return maxWaiting;
    }

    /**
     * How often the node looks at its waiting clients' lists for entries that woke nobody, and so
     * the longest its wait blocks.
     */
    public int recheckMillis() {
        return recheckMillis;
    }

    /** Polls one client id keeps open on one node; a newer one supersedes the oldest at once. */
    public int maxPerClient() {
        return maxPerClient;
    }

    /** Most messages in one answer. */
    public int batchSize() {
        return batchSize;
    }

    /** Most bytes of entries one answer carries beyond its first. */
    public long batchBytes() {
        return batchBytes;
    }

    /** JNDI name of the managed executor that runs the node's wait and writes answers. */
    public String executor() {
        return executor;
    }
}
