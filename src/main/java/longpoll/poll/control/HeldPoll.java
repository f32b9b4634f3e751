package longpoll.poll.control;

import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import longpoll.json.Json;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.ClientId;

/**
 * One suspended {@code GET /poll/{clientId}}, from its arrival until it has left the node. Its
 * whole life is one {@link Stage}, changed by compare-and-set only: messages, the timeout,
 * failures and the client leaving race to end it, the one that moves it out of an open stage
 * answers, and the losers know they lost (a pop holding messages for a poll that has ended puts
 * them back). The registry is told when the poll gives up its place and when it leaves; it never
 * changes a stage.
 */
public final class HeldPoll {

    /**
     * Where a poll is in its life. Open stages hold a place on the node; a poll leaves the node
     * when both its answer (or its client's leaving) and the end of its pop are behind it.
     */
    enum Stage {
        /** Open, its pop at work. */
        WAITING(true, true),
        /** Open, its pop at work, and its response's timeout put off once for it (see {@link #timedOut}). */
        TIMEOUT_PUT_OFF(true, true),
        /** Open, its pop ended without messages for it (superseded): it waits for its own timeout. */
        POP_ENDED(true, false),
        /** Answered while its pop is at work: whatever the pop took goes back. */
        ANSWERED(false, true),
        /** Its client left while its pop is at work: no answer, whatever the pop took goes back. */
        ABANDONED(false, true),
        /** Answered, and its pop ended: it has left the node. */
        LEFT(false, false),
        /** Abandoned, and its pop ended: it has left the node, its response is cancelled at its timeout. */
        GONE(false, false);

        final boolean open;
        final boolean popping;

        Stage(boolean open, boolean popping) {
            this.open = open;
            this.popping = popping;
        }
    }

    /** What the node's registry hears of a poll's life. */
    interface Registry {

        /** The poll has ended (answered or abandoned): it counts no more against the node or its client. */
        void placeFreed(HeldPoll poll);

        /** The poll and its pop have both ended. */
        void left(HeldPoll poll);
    }

    /**
     * Lets a pop still at work when its response times out end in order, and a message hand-over
     * that won the race finish writing, before the container steps in.
     */
    private static final long GRACE_SECONDS = 5;

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

    private final Registry registry;
    private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.WAITING);
    /** Stops watching the client's connection (see {@link #watchUntilEnded}); run once. */
    private final AtomicReference<Runnable> stopWatching = new AtomicReference<>();
    /** Set by the pop before it hands its messages to the answer task, which reads it. */
    private volatile boolean redelivery;

    HeldPoll(
            ClientId client,
            long number,
            String wakeKey,
            AsyncResponse response,
            Consumer<PollAnswered> answered,
            Registry registry) {
        this.client = client;
        this.number = number;
        this.wakeKey = wakeKey;
        this.response = response;
        this.answered = answered;
        this.registry = registry;
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

    /**
     * Holds the response until {@code timeout}, when it is answered {@code 204} unless something
     * else ended it first. The handler is set before the timeout: a timeout that fires before
     * there is one gets JAX-RS's default, a 503.
     */
    void holdFor(Duration timeout) {
        response.setTimeoutHandler(r -> {
            if (!timedOut()) {
                r.setTimeout(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        });
        response.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param messages what the answer carries, one per message
     * @param ids      the messages' ids, in the same order
     * @return false when the poll had already ended: the messages were not handed over
     */
    boolean deliver(List<?> messages, List<String> ids) {
        // Built before the race: whoever wins it must answer, or the poll would hang. Written to
        // JSON here, not by JAX-RS: a body that fails to serialize fails the caller, with the
        // messages still in its hands, where JAX-RS would answer 500 after they counted as delivered.
        Response answer = Response.ok(Json.toJson(messages), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .build();
        boolean delivered = end(Stage.ANSWERED) && resumed(() -> response.resume(answer));
        if (delivered) {
            answered.accept(new PollAnswered(ids, redelivery, held()));
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
     * @return whether the response is done with; if not, the container must give the poll a little longer
     */
    boolean timedOut() {
        if (stage.compareAndSet(Stage.WAITING, Stage.TIMEOUT_PUT_OFF)) {
            return false;
        }
        Stage now = stage.get();
        if (now == Stage.ABANDONED || now == Stage.GONE) {
            resumed(response::cancel);
            return true;
        }
        return expire();
    }

    /** Answers {@code 204}: nothing came in time. */
    boolean expire() {
        boolean expired = end(Stage.ANSWERED)
                && resumed(() -> response.resume(Response.noContent()
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build()));
        if (expired) {
            answered.accept(new PollAnswered(List.of(), false, held()));
        }
        return expired;
    }

    /** Answers with the failure's error (mapped by {@code ApiExceptionMapper}). */
    boolean fail(Throwable failure) {
        return end(Stage.ANSWERED) && resumed(() -> response.resume(failure));
    }

    /**
     * Ends the poll without an answer: its client has gone, nobody would read one. Its response
     * is cancelled at its timeout (see {@link #timedOut}).
     */
    boolean abandon() {
        return end(Stage.ABANDONED);
    }

    /** The poll's pop has ended, and its messages, if any could not be handed over, are back. */
    void popEnded() {
        Stage before = move(now -> switch (now) {
            case WAITING, TIMEOUT_PUT_OFF -> Stage.POP_ENDED;
            case ANSWERED -> Stage.LEFT;
            case ABANDONED -> Stage.GONE;
            case POP_ENDED, LEFT, GONE -> now;
        });
        if (before.popping && !before.open) {
            registry.left(this);
        }
    }

    /**
     * Runs {@code stop} when the poll ends, before any answer is written, or at once if it has
     * ended already: whatever watches the client's connection for this poll must not outlive it
     * (the connection carries the client's next requests once it has its answer).
     */
    void watchUntilEnded(Runnable stop) {
        stopWatching.set(stop);
        if (!isOpen()) {
            stopWatchingNow();
        }
    }

    /** Until it ends; a poll that has ended no longer counts against its client's share. */
    boolean isOpen() {
        return stage.get().open;
    }

    /**
     * Moves an open poll to its ended stage; only the caller that does so may answer it.
     *
     * @param ended {@link Stage#ANSWERED} or {@link Stage#ABANDONED}
     */
    private boolean end(Stage ended) {
        Stage before = move(now -> switch (now) {
            case WAITING, TIMEOUT_PUT_OFF -> ended;
            case POP_ENDED -> ended == Stage.ABANDONED ? Stage.GONE : Stage.LEFT;
            case ANSWERED, ABANDONED, LEFT, GONE -> now;
        });
        if (!before.open) {
            return false;
        }
        stopWatchingNow();
        registry.placeFreed(this);
        if (!before.popping) {
            registry.left(this);
        }
        return true;
    }

    /** @return the stage before the move */
    private Stage move(UnaryOperator<Stage> next) {
        return stage.getAndUpdate(next);
    }

    private Duration held() {
        return Duration.ofNanos(System.nanoTime() - arrivedNanos);
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
