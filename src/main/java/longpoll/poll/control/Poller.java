package longpoll.poll.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.container.AsyncResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.control.RedisUnavailableException;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.QueuedMessage;
import longpoll.web.entity.ApiException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds a poll open and runs its blocking pop on the poll executor, then answers it with the
 * messages taken, or {@code 204} when none came. Messages taken for a poll that was answered
 * meanwhile go back to the head of the client's list.
 *
 * <p>The executor runs each pop on a virtual thread where the server supports it (Payara 7);
 * elsewhere on platform threads. Its task limit is left open: {@link WaitingPolls} bounds it.
 */
@ManagedExecutorDefinition(name = Poller.EXECUTOR, virtual = true)
@ApplicationScoped
public class Poller {

    static final String EXECUTOR = "java:app/longpoll/PollExecutor";
    private static final Logger LOG = System.getLogger(Poller.class.getName());
    /** Lets a message hand-over that won the race finish writing before the container steps in. */
    private static final long HAND_OVER_GRACE_SECONDS = 5;

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    WaitingPolls waiting;

    @Inject
    MessageQueue queue;

    @Inject
    @ConfigProperty(name = "longpoll.poll.timeout-seconds", defaultValue = "30")
    int timeoutSeconds;

    @Inject
    @ConfigProperty(name = "longpoll.poll.batch-size", defaultValue = "100")
    int batchSize;

    /**
     * @param requestedTimeout the client's {@code ?timeout=} in seconds, or null for the configured one
     */
    public void hold(ClientId client, String requestedTimeout, AsyncResponse response) {
        var timeout = PollTimeout.requested(requestedTimeout, Duration.ofSeconds(timeoutSeconds));
        HeldPoll poll = waiting.admit(client, response);
        response.setTimeout(timeout.response().toMillis(), TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(r -> {
            if (!poll.expire()) {
                r.setTimeout(HAND_OVER_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        });
        LOG.log(Level.DEBUG, "{0} is waiting", client);
        try {
            executor.execute(() -> popFor(poll, timeout.pop()));
        } catch (RejectedExecutionException e) {
            waiting.leave(poll);
            poll.fail(ApiException.unavailable("No capacity to hold this poll"));
        }
    }

    private void popFor(HeldPoll poll, Duration wait) {
        ClientId client = poll.client();
        try {
            List<String> entries = queue.take(client, wait, batchSize);
            List<JsonValue> messages = messagesOf(entries);
            if (messages.isEmpty()) {
                if (poll.expire()) {
                    LOG.log(Level.DEBUG, "{0} timed out", client);
                }
            } else if (poll.deliver(messages)) {
                LOG.log(Level.DEBUG, "{0} received {1} message(s)", client, messages.size());
            } else {
                queue.putBack(client, entries);
                LOG.log(Level.DEBUG, "{0} was answered meanwhile: {1} message(s) put back", client, entries.size());
            }
        } catch (RedisUnavailableException e) {
            poll.fail(e);
        } finally {
            waiting.leave(poll);
        }
    }

    /** An entry that is not a message (written by something else) is skipped, not delivered as garbage. */
    private static List<JsonValue> messagesOf(List<String> entries) {
        var messages = new ArrayList<JsonValue>(entries.size());
        for (String entry : entries) {
            try {
                messages.add(QueuedMessage.fromEntry(entry).message());
            } catch (JsonbException e) {
                LOG.log(Level.WARNING, "Skipped an entry that is not a message: {0}", entry);
            }
        }
        return messages;
    }
}
