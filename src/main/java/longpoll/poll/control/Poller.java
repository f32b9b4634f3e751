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

/**
 * Holds a poll open: starts it as its client's poller, answers it at once with messages already
 * there, or leaves it waiting in the node's registry ({@link WaitingPolls}), where the node's one
 * wait takes for it when woken ({@link NodeWait}), and answers it then with the messages taken,
 * or {@code 204} at its timeout.
 *
 * <p>Two kinds of clients. A plain client (the reference design's) gets a JSON array of message
 * values; a message is removed from Redis when taken, and put back at the head of the list if
 * its poll was answered meanwhile. An acknowledging client ({@code ?ack=}) gets
 * {@code [{"id", "message"}]}; its messages stay in Redis, in flight, until it acknowledges them,
 * and unacknowledged ones come again first on its next poll.
 *
 * <p>Of a client's polls, only the newest takes its messages (see {@code queue.control.Pollers}):
 * an older one, superseded, takes nothing and waits for its timeout.
 */
@ApplicationScoped
public class Poller {

    private static final Logger LOG = System.getLogger(Poller.class.getName());

    @Inject
    WaitingPolls waiting;

    @Inject
    MessageQueue queue;

    @Inject
    InFlightMessages inFlight;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Pollers pollers;

    @Inject
    PollTasks tasks;

    @Inject
    PollSettings settings;

    /**
     * Starts the poll on the caller's thread: one round trip to Redis, which answers it at once
     * when its client has messages, and otherwise leaves it waiting with nothing of its own at
     * work.
     *
     * @param requestedTimeout the client's {@code ?timeout=} in seconds, or null for the configured one
     * @param ack              the client's {@code ?ack=}, or null for a plain client
     * @param watch            starts watching the client's connection for the poll, which it may end
     *                         early with {@link #left}; returns what stops watching, run when the
     *                         poll ends. Started before the poll's start, so that no answer comes before it.
     */
    public void hold(
            ClientId client,
            String requestedTimeout,
            String ack,
            AsyncResponse response,
            Function<HeldPoll, Runnable> watch) {
        Duration timeout = PollTimeout.requested(requestedTimeout, Duration.ofSeconds(settings.timeoutSeconds()));
        var acknowledgement = Acknowledgement.of(ack);
        var admitted = waiting.admit(client, acknowledgement != null, response);
        HeldPoll poll = admitted.poll();
        if (admitted.superseded() != null && admitted.superseded().answerNothing()) {
            LOG.log(Level.DEBUG, "{0}: its oldest poll on this node answered, to make room for its newest", client);
        }
        poll.holdFor(timeout);
        poll.watchUntilEnded(watch.apply(poll));
        Handout handout;
        try {
            handout = acknowledgement == null
                    ? queue.start(client, poll.name(), batch())
                    : inFlight.start(client, poll.name(), acknowledgement.lastId(), batch());
        } catch (RuntimeException e) {
            poll.fail(e);
            return;
        }
        if (handout.entries().isEmpty()) {
            LOG.log(Level.DEBUG, "{0} is waiting", client);
            poll.started();
        } else {
            answer(poll, handout);
        }
    }

    /** What one answer carries at most. */
    Batch batch() {
        return new Batch(settings.batchSize(), settings.batchBytes());
    }

    /**
     * The poll's client has gone (its connection closed): the poll ends without an answer, and
     * steps down as its client's poller at once, so that a send no longer takes its client for
     * waiting. Messages a take got for it meanwhile go back: a poll that has ended hands nothing
     * over.
     */
    public void left(HeldPoll poll) {
        if (!poll.leave()) {
            return;
        }
        LOG.log(Level.DEBUG, "{0} left while its poll waited", poll.client());
        try {
            tasks.answers().execute(this::stepDownEnded);
        } catch (RejectedExecutionException stopping) {
            // The stopping node steps down every poll that ended.
        }
    }

    /**
     * The polls that ended while they may have been their clients' pollers step down, all in one
     * round trip: the node's wait does so at each round, a poll whose client left at once.
     */
    void stepDownEnded() {
        List<HeldPoll> ended = waiting.endedPollers();
        if (!ended.isEmpty()) {
            pollers.stepDown(
                    ended.stream().map(HeldPoll::client).toList(),
                    ended.stream().map(HeldPoll::name).toList());
        }
    }

    /**
     * Hands the entries that are messages over, or answers 204 when there are none, and sets the
     * others aside (see {@link DeadLetters}). A plain client's entries have left Redis: those
     * neither handed over (its poll was answered meanwhile, or its client left) nor set aside go
     * back, in their order, ahead of newer ones. An acknowledging client's stay in flight.
     */
    void answer(HeldPoll poll, Handout handout) {
        ClientId client = poll.client();
        List<String> entries = handout.entries();
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
        boolean othersStay = !others.isEmpty() && !setAside(client, others, poll.acknowledging());
        boolean handedOver = true;
        if (messages.isEmpty()) {
            poll.answerNothing();
        } else {
            handedOver = handOver(poll, messages, handout.redelivery());
        }
        if (!poll.acknowledging() && (othersStay || !handedOver)) {
            queue.putBack(client, othersStay && !handedOver ? entries : othersStay ? others : messageEntries);
        }
    }

    private boolean handOver(HeldPoll poll, List<QueuedMessage> messages, boolean again) {
        try {
            if (poll.deliver(poll.acknowledging() ? identified(messages) : values(messages), ids(messages), again)) {
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
