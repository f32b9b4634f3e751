package longpoll.poll.control;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.ClientId;

/**
 * One suspended {@code GET /poll/{clientId}}. Messages, the timeout, failures and the client
 * leaving race to end it; a single compare-and-set picks the one that does, so the response
 * completes at most once and the losers know they lost (a loser holding messages puts them back).
 */
public final class HeldPoll {

    private static final Runnable NOTHING_TO_STOP = () -> {};
    /** An answer is for one poll only, and its URL may carry a poll token: no cache keeps it. */
    private static final String NO_STORE = "no-store";

    private final ClientId client;
    private final long number;
    private final String wakeKey;
    private final AsyncResponse response;
    private final long arrivedNanos = System.nanoTime();
    /** Told of the poll's answer, once it is written: the {@link PollAnswered} event. */
    private final Consumer<PollAnswered> answered;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicBoolean holdsPlace = new AtomicBoolean(true);
    private volatile boolean popping = true;
    private final AtomicBoolean timeoutDeferred = new AtomicBoolean();
    private volatile boolean abandoned;
    /** Stops watching the client's connection (see {@link #watchUntilAnswered}); run once. */
    private final AtomicReference<Runnable> stopWatching = new AtomicReference<>();
    /** Told when the poll ends (answered or abandoned), before any answer is written. */
    private final Consumer<HeldPoll> ended;
    /** Set by the pop before it hands its messages to the answer task, which reads it. */
    private volatile boolean redelivery;

    HeldPoll(ClientId client, long number, String wakeKey, AsyncResponse response,
            Consumer<PollAnswered> answered, Consumer<HeldPoll> ended) {
        this.client = client;
        this.number = number;
        this.wakeKey = wakeKey;
        this.response = response;
        this.answered = answered;
        this.ended = ended;
    }

    public ClientId client() {
        return client;
    }

    /** In the order polls came to this node. */
    long number() {
        return number;
    }

    /** The key this poll's pop may be woken on (see {@code queue.control.Pollers}). */
    String wakeKey() {
        return wakeKey;
    }

    /** @return false when the poll had already ended: the messages were not handed over */
    boolean deliver(List<?> messages) {
        // Built before the race: whoever wins it must answer, or the poll would hang. JAX-RS writes
        // the list with JSON-B straight to the connection: the messages are JSON values already.
        Response answer = Response.ok(messages, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
        boolean delivered = end() && resumed(() -> response.resume(answer));
        if (delivered) {
            answered.accept(new PollAnswered(messages.size(), redelivery, held()));
        }
        return delivered;
    }

    /** The messages this poll will deliver were handed out before and not acknowledged. */
    void markRedelivery() {
        redelivery = true;
    }

    /**
     * The response's own timeout came. While the pop is still at work, the first time, it leaves
     * the answer to the pop, which writes it once its work in Redis is done: a {@code 204} written
     * first would bring the client's next poll at once, which could take messages newer than one
     * this pop holds, and deliver them before this one is back at the head of the list.
     *
     * <p>A poll its client left has no answer to wait for: its response is cancelled now (on a
     * closed connection), so that the container lets go of it.
     *
     * @return whether it answered {@code 204}; if not, the container must give the poll a little longer
     */
    boolean timedOut() {
        if (popping && !timeoutDeferred.getAndSet(true)) {
            return false;
        }
        if (abandoned) {
            resumed(response::cancel);
            return true;
        }
        return expire();
    }

    /** Answers {@code 204}: nothing came in time. */
    boolean expire() {
        boolean expired = end() && resumed(() -> response.resume(Response.noContent()
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build()));
        if (expired) {
            answered.accept(new PollAnswered(0, false, held()));
        }
        return expired;
    }

    /** Answers with the failure's error (mapped by {@code ApiExceptionMapper}). */
    boolean fail(Throwable failure) {
        return end() && resumed(() -> response.resume(failure));
    }

    /**
     * Ends the poll without an answer: its client has gone, nobody would read one. Its response
     * is cancelled at its timeout (see {@link #timedOut}).
     */
    boolean abandon() {
        abandoned = end();
        return abandoned;
    }

    /**
     * Runs {@code stop} when the poll ends, before any answer is written, or at once if it has
     * ended already: whatever watches the client's connection for this poll must not outlive it
     * (the connection carries the client's next requests once it has its answer).
     */
    void watchUntilAnswered(Runnable stop) {
        stopWatching.set(stop);
        if (!open.get()) {
            stopWatchingNow();
        }
    }

    /** Until it ends; a poll that has ended no longer counts against its client's share. */
    boolean isOpen() {
        return open.get();
    }

    /** Until its pop has ended, and its messages, if any could not be handed over, are back. */
    boolean isPopping() {
        return popping;
    }

    void popEnded() {
        popping = false;
    }

    /** @return whether the poll still held its place on the node, which it gives up now (once) */
    boolean releasePlace() {
        return holdsPlace.compareAndSet(true, false);
    }

    private Duration held() {
        return Duration.ofNanos(System.nanoTime() - arrivedNanos);
    }

    private boolean end() {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        stopWatchingNow();
        ended.accept(this);
        return true;
    }

    private void stopWatchingNow() {
        Runnable stop = stopWatching.getAndSet(NOTHING_TO_STOP);
        if (stop != null) {
            stop.run();
        }
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
