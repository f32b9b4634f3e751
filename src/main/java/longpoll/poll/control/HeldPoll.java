package longpoll.poll.control;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.stats.control.Counters;

/**
 * One suspended {@code GET /poll/{clientId}}. Messages, the timeout and failures race to answer
 * it; a single compare-and-set picks the one that does, so the response completes exactly once
 * and the losers know they lost (a loser holding messages puts them back).
 */
public final class HeldPoll {

    private final ClientId client;
    private final AsyncResponse response;
    private final Counters counters;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicBoolean holdsPlace = new AtomicBoolean(true);
    /** Told when the poll is answered, before the answer is written. */
    private final Consumer<HeldPoll> answered;
    /** Set by the pop task before it delivers, on the same thread. */
    private boolean redelivery;

    HeldPoll(ClientId client, AsyncResponse response, Counters counters, Consumer<HeldPoll> answered) {
        this.client = client;
        this.response = response;
        this.counters = counters;
        this.answered = answered;
    }

    public ClientId client() {
        return client;
    }

    /** @return false when the poll was already answered (or cancelled): the messages were not handed over */
    boolean deliver(List<?> messages) {
        // Built before the race: whoever wins it must answer, or the poll would hang.
        Response answer = Response.ok(Json.toJson(messages), MediaType.APPLICATION_JSON_TYPE).build();
        boolean delivered = close() && resumed(() -> response.resume(answer));
        if (delivered) {
            counters.pollAnswered(messages.size(), redelivery);
        }
        return delivered;
    }

    /** The messages this poll will deliver were handed out before and not acknowledged. */
    void redelivers() {
        redelivery = true;
    }

    /** Answers {@code 204}: nothing came in time. */
    boolean expire() {
        boolean expired = close() && resumed(() -> response.resume(Response.noContent().build()));
        if (expired) {
            counters.pollTimedOut();
        }
        return expired;
    }

    /** Answers with the failure's error (mapped by {@code ApiExceptionMapper}). */
    boolean fail(Throwable failure) {
        return close() && resumed(() -> response.resume(failure));
    }

    /** Until it is answered; a poll whose answer is out no longer counts against its client's share. */
    boolean isOpen() {
        return open.get();
    }

    /** @return whether the poll still held its place on the node, which it now gives up (once) */
    boolean givesUpPlace() {
        return holdsPlace.compareAndSet(true, false);
    }

    private boolean close() {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        answered.accept(this);
        return true;
    }

    /** A server that is shutting down may have stopped its JAX-RS runtime already: then nothing was answered. */
    private static boolean resumed(BooleanSupplier resume) {
        try {
            return resume.getAsBoolean();
        } catch (IllegalStateException runtimeStopped) {
            return false;
        }
    }
}
