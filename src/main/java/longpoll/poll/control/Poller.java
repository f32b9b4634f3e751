package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import longpoll.poll.entity.IdentifiedMessage;
import longpoll.queue.control.DeadLetters;
import longpoll.queue.control.InFlightMessages;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.control.Pollers;
import longpoll.queue.control.RedisUnavailableException;
import longpoll.queue.entity.Batch;
import longpoll.queue.entity.ClientId;
import longpoll.queue.entity.Handout;
import longpoll.queue.entity.QueuedMessage;
import longpoll.refusal.Refusal;

/**
 * Holds a poll open and runs its blocking pop on the poll executor ({@link PollTasks}), then answers it with the
 * messages taken, or {@code 204} when none came.
 *
 * <p>Two kinds of clients. A plain client (the reference design's) gets a JSON array of message
 * values; a message is removed from Redis when taken, and put back at the head of the list if
 * its poll was answered meanwhile. An acknowledging client ({@code ?ack=}) gets
 * {@code [{"id", "message"}]}; its messages stay in Redis, in flight, until it acknowledges them,
 * and unacknowledged ones come again first on its next poll.
 *
 * <p>Of a client's polls, only the newest takes its messages (see {@code queue.control.Pollers}):
 * an older one, superseded, or one whose client left ({@link #clientLeft}), answers nothing from
 * its pop.
 */
@ApplicationScoped
public class Poller {

    private static final Logger LOG = System.getLogger(Poller.class.getName());

    @Inject
    PollTasks tasks;

    @Inject
    WaitingPolls waiting;

    @Inject
    MessageQueue queue;

    @Inject
    InFlightMessages inFlight;

    @Inject
    Pollers pollers;

    @Inject
    DeadLetters deadLetters;

    @Inject
    PollSettings settings;

    /**
     * @param requestedTimeout the client's {@code ?timeout=} in seconds, or null for the configured one
     * @param ack              the client's {@code ?ack=}, or null for a plain client
     * @param watch            starts watching the client's connection for the poll, which it may end
     *                         early with {@link #clientLeft}; returns what stops watching, run when the
     *                         poll ends. Started before the pop, so that no answer comes before it.
     */
    public void hold(
            ClientId client,
            String requestedTimeout,
            String ack,
            AsyncResponse response,
            Function<HeldPoll, Runnable> watch) {
        var timeout = PollTimeout.requested(requestedTimeout, Duration.ofSeconds(settings.timeoutSeconds()));
        var acknowledgement = Acknowledgement.of(ack);
        var admitted = waiting.admit(client, response);
        HeldPoll poll = admitted.poll();
        if (admitted.displaced() != null && admitted.displaced().expire()) {
            LOG.log(Level.DEBUG, "{0}: its oldest poll on this node answered, to make room for its newest", client);
        }
        poll.holdFor(timeout.response());
        poll.watchUntilEnded(watch.apply(poll));
        LOG.log(Level.DEBUG, "{0} is waiting", client);
        try {
            tasks.pop(() -> popFor(poll, timeout.pop(), acknowledgement));
        } catch (RejectedExecutionException e) {
            poll.fail(Refusal.unavailable("No capacity to hold this poll"));
            poll.popEnded();
        }
    }

    /**
     * The poll's client has gone (its connection closed): the poll ends without an answer, and
     * stops being its client's poller, which wakes its pop. Messages its pop takes meanwhile go
     * back: a poll that has ended hands nothing over.
     */
    public void clientLeft(HeldPoll poll) {
        if (!poll.abandon()) {
            return;
        }
        LOG.log(Level.DEBUG, "{0} left while its poll waited", poll.client());
        Runnable release = () -> {
            try {
                pollers.release(poll.client(), poll.wakeKey());
            } catch (RedisUnavailableException e) {
                // Its pop ends with its own wait, and hands back what it takes.
            }
        };
        try {
            tasks.answers().execute(release);
        } catch (RejectedExecutionException stopping) {
            release.run();
        }
    }

    /**
     * Pops on a pop task, then leaves the answer to an answer task (see {@link PollTasks}) and
     * ends, without waiting for it: its task is free for the client's next poll at once. A poll
     * that stopped being its client's poller meanwhile gets no answer from its pop: it was
     * abandoned, or a newer poll of its client superseded it, and it then waits for its own
     * timeout (a second tab of the same client so polls again only once per timeout).
     */
    private void popFor(HeldPoll poll, Duration wait, Acknowledgement acknowledgement) {
        if (!poll.isOpen()) {
            // Answered or abandoned while its pop waited for a task: taking over now would only
            // supersede a newer poll of its client.
            poll.popEnded();
            return;
        }
        Handout handout;
        var batch = new Batch(settings.batchSize(), settings.batchBytes());
        try {
            handout = acknowledgement == null
                    ? queue.take(poll.client(), poll.wakeKey(), wait, batch)
                    : inFlight.take(poll.client(), poll.wakeKey(), acknowledgement.lastId(), wait, batch);
        } catch (RuntimeException e) {
            onAnswerTask(poll, () -> poll.fail(e));
            return;
        }
        if (handout.overtaken()) {
            LOG.log(Level.DEBUG, "{0}: a poll stopped waiting, superseded or abandoned", poll.client());
            poll.popEnded();
            return;
        }
        if (handout.redelivery()) {
            poll.markRedelivery();
        }
        onAnswerTask(poll, () -> answer(poll, handout.entries(), acknowledgement));
    }

    /**
     * Runs an answer on an answer task. Only the pop's own answers go there: the container's
     * timeout handler answers on its own thread, while Jersey holds the response for it.
     *
     * <p>The pop ends right after its answer is written, on the thread that wrote it (the poll
     * gave up its place on the node when it was answered: see {@link WaitingPolls}); a poll
     * whose answer lost the race ends its pop once its messages are put back, and a stopping
     * node waits for that.
     */
    private void onAnswerTask(HeldPoll poll, Runnable answer) {
        Runnable answerAndEnd = () -> {
            try {
                answer.run();
            } finally {
                poll.popEnded();
            }
        };
        try {
            tasks.answers().execute(answerAndEnd);
        } catch (RejectedExecutionException stopping) {
            answerAndEnd.run();
        }
    }

    /**
     * Hands the entries that are messages over, or answers 204 when there are none, and sets the
     * others aside (see {@link DeadLetters}). A plain client's entries have left Redis: those
     * neither handed over (its poll was answered meanwhile, or its client left) nor set aside go
     * back, in their order, ahead of newer ones. An acknowledging client's stay in flight.
     */
    private void answer(HeldPoll poll, List<String> entries, Acknowledgement acknowledgement) {
        ClientId client = poll.client();
        var messages = new ArrayList<QueuedMessage>(entries.size());
        var messageEntries = new ArrayList<String>(entries.size());
        var others = new ArrayList<String>();
        for (String entry : entries) {
            var message = QueuedMessage.fromEntry(entry);
            if (message != null) {
                messages.add(message);
                messageEntries.add(entry);
            } else {
                others.add(entry);
            }
        }
        boolean othersStay = !others.isEmpty() && !setAside(client, others, acknowledgement != null);
        boolean handedOver = true;
        if (messages.isEmpty()) {
            if (poll.expire()) {
                LOG.log(Level.DEBUG, "{0} timed out", client);
            }
        } else {
            handedOver = handOver(poll, messages, acknowledgement);
        }
        if (acknowledgement == null && (othersStay || !handedOver)) {
            queue.putBack(client, othersStay && !handedOver ? entries : othersStay ? others : messageEntries);
        }
    }

    private boolean handOver(HeldPoll poll, List<QueuedMessage> messages, Acknowledgement acknowledgement) {
        try {
            if (poll.deliver(acknowledgement == null ? values(messages) : identified(messages), ids(messages))) {
                LOG.log(Level.DEBUG, "{0} received {1} message(s)", poll.client(), messages.size());
                return true;
            }
            LOG.log(
                    Level.DEBUG,
                    "{0} was answered meanwhile: {1} message(s) not handed over",
                    poll.client(),
                    messages.size());
        } catch (RuntimeException e) {
            // Unexpected: the poll gets a 500 (logged by the mapper), and the messages stay.
            poll.fail(e);
        }
        return false;
    }

    /**
     * Moves entries that are not messages (written by something else than a sender) to the
     * client's dead-letter list, so that they neither reach the client nor come back at the head
     * of its every poll.
     *
     * @return false when Redis could not be reached: they are where they were (in flight) or,
     *     taken from a plain client's list, still to go back
     */
    private boolean setAside(ClientId client, List<String> others, boolean inFlight) {
        try {
            deadLetters.setAside(client, others, inFlight);
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private static List<String> ids(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::id).toList();
    }

    private static List<?> values(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::message).toList();
    }

    private static List<?> identified(List<QueuedMessage> messages) {
        return messages.stream()
                .map(m -> new IdentifiedMessage(m.id(), m.message()))
                .toList();
    }
}
