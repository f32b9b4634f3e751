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
import longpoll.json.Json;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.ClientId;

/**
 * One suspended {@code GET /poll/{clientId}}, from its arrival until it has ended. Its whole life
 * is one {@link Stage}, changed by compare-and-set only: messages, the timeout, failures and the
 * client leaving race to end it, the one that ends it answers, and the losers know they lost (a
 * take holding messages for a poll that has ended puts them back). While it waits it holds no
 * thread and no Redis connection: it is an entry of the node's registry, which the node's wait
 * takes for when woken ({@link NodeWait}). The registry is told when the poll ends; it never
 * changes a stage.
 */
public final class HeldPoll {

    /** Where a poll is in its life. Open stages hold a place on the node. */
    enum Stage {
        /** Its start (becoming its client's poller, taking what is there) is at work in Redis. */
        STARTING(true),
        /** Its client's poller, for all it knows: the node's wait takes for it when woken. */
        WAITING(true),
        /** A take of the node's wait is at work for it in Redis. */
        TAKING(true),
        /** A newer poll of its client is the poller: it takes nothing and waits for its timeout. */
        SUPERSEDED(true),
        /** Answered: messages, {@code 204} or an error. */
        ANSWERED(false),
        /** Its client left: no answer; its response is cancelled at its timeout. */
        LEFT(false);

        final boolean open;

        Stage(boolean open) {
            this.open = open;
        }

        /** Whether a take may be at work for the poll in Redis, so that its answer is the take's to give. */
        boolean taking() {
            return this == STARTING || this == TAKING;
        }
    }

    /** What the node's registry hears of a poll's life. */
    interface Registry {

        /**
         * The poll has ended (answered, or its client left): it counts no more against the node
         * or its client.
         *
         * @param mayBePoller whether it may still be its client's poller, and so must step down
         */
        void ended(HeldPoll poll, boolean mayBePoller);
    }

    /**
     * Lets a take still at work when the response times out end in order, and a message hand-over
     * that won the race finish writing, before the container steps in.
     */
    private static final long GRACE_SECONDS = 5;

    private static final Runnable NOTHING_TO_STOP = () -> {};
    /** An answer is for one poll only, and its URL may carry a poll token: no cache keeps it. */
    private static final String NO_STORE = "no-store";

    private final ClientId client;
    private final long number;
    private final String name;
    private final boolean acknowledging;
    private final AsyncResponse response;
    private final long arrivedNanos = System.nanoTime();
    /** Told of the poll's answer, once it is written: the {@link PollAnswered} event. */
    private final Consumer<PollAnswered> answered;

    private final Registry registry;
    private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.STARTING);
    /** Stops watching the client's connection (see {@link #watchUntilEnded}); run once. */
    private final AtomicReference<Runnable> stopWatching = new AtomicReference<>();
    /** Its response's timeout came while a take was at work: the take's end answers. */
    private volatile boolean timedOut;

    HeldPoll(
            ClientId client,
            long number,
            String name,
            boolean acknowledging,
            AsyncResponse response,
            Consumer<PollAnswered> answered,
            Registry registry) {
        this.client = client;
        this.number = number;
        this.name = name;
        this.acknowledging = acknowledging;
        this.response = response;
        this.answered = answered;
        this.registry = registry;
    }

    public ClientId client() {
        return client;
    }

    /** In the order polls came to this node; what a send's wake-up names. */
    long number() {
        return number;
    }

    /** Its name in Redis, for the whole service (see {@code queue.control.Pollers}). */
    String name() {
        return name;
    }

    /** Whether its client acknowledges (its messages go in flight) or polls plain. */
    boolean acknowledging() {
        return acknowledging;
    }

    /**
     * Holds the response until {@code timeout}, when it is answered {@code 204} unless something
     * else ended it first. The handler is set before the timeout: a timeout that fires before
     * there is one gets JAX-RS's default, a 503.
     */
    void holdFor(Duration timeout) {
        response.setTimeoutHandler(r -> {
            if (!timeOut()) {
                r.setTimeout(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        });
        response.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Its start found nothing to take: it waits as its client's poller. */
    void started() {
        tookNothing(Stage.STARTING);
    }

    /** @return whether the node's wait may take for it now: it waits, and no other take is at work */
    boolean startTaking() {
        return stage.compareAndSet(Stage.WAITING, Stage.TAKING);
    }

    /** The wait's take found nothing (the messages of the wake-up went to an earlier take): it waits on. */
    void tookNothing() {
        tookNothing(Stage.TAKING);
    }

    /** The wait's take found a newer poll of its client the poller: it waits for its timeout, without Redis. */
    void superseded() {
        if (stage.compareAndSet(Stage.TAKING, Stage.SUPERSEDED) && timedOut) {
            answerNothing();
        }
    }

    private void tookNothing(Stage taking) {
        if (!stage.compareAndSet(taking, Stage.WAITING)) {
            return;
        }
        if (timedOut) {
            answerNothing();
        }
    }

    /** Whether the node's wait should take for it when its client's list has entries. */
    boolean isWaiting() {
        return stage.get() == Stage.WAITING;
    }

    /** Whether its start is at work: a wake-up for it must wait for the start's end. */
    boolean isStarting() {
        return stage.get() == Stage.STARTING;
    }

    /**
     * Answers with messages its take got.
     *
     * @param messages what the answer carries, one per message
     * @param ids      the messages' ids, in the same order
     * @param again    whether they were handed out before and not acknowledged
     * @return false when the poll had already ended: the messages were not handed over
     */
    boolean deliver(List<?> messages, List<String> ids, boolean again) {
        // Built before the race: whoever wins it must answer, or the poll would hang. Written to
        // JSON here, not by JAX-RS: a body that fails to serialize fails the caller, with the
        // messages still in its hands, where JAX-RS would answer 500 after they counted as delivered.
        Response answer = Response.ok(Json.toJson(messages), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .build();
        boolean delivered = end(Stage.ANSWERED, false) && resumed(() -> response.resume(answer));
        if (delivered) {
            answered.accept(new PollAnswered(ids, again, held()));
        }
        return delivered;
    }

    /**
     * The response's own timeout came. While a take is at work for the poll, the first time, it
     * leaves the answer to the take, which gives it once its work in Redis is done: a {@code 204}
     * written first would bring the client's next poll at once, which could take messages newer
     * than ones this take holds, and deliver them before these are back at the head of the list.
     *
     * <p>A poll its client left has no answer to wait for: its response is cancelled now (on a
     * closed connection), so that the container lets go of it.
     *
     * @return whether the response is done with; if not, the container must give the poll a little longer
     */
    boolean timeOut() {
        boolean first = !timedOut;
        timedOut = true;
        Stage now = stage.get();
        if (now == Stage.LEFT) {
            resumed(response::cancel);
            return true;
        }
        if (now.taking() && first) {
            return false;
        }
        return answerNothing() || !stage.get().open;
    }

    /**
     * Answers {@code 204}: nothing for its client now. Its timeout came; or a newer poll of its
     * client on this node takes its place (see {@link WaitingPolls}); or what it took were no
     * messages, and its take stepped down.
     */
    boolean answerNothing() {
        boolean answeredNow = end(Stage.ANSWERED, true)
                && resumed(() -> response.resume(Response.noContent()
                        .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                        .build()));
        if (answeredNow) {
            answered.accept(new PollAnswered(List.of(), false, held()));
        }
        return answeredNow;
    }

    /** Answers with the failure's error (mapped by {@code ApiExceptionMapper}). */
    boolean fail(Throwable failure) {
        return end(Stage.ANSWERED, true) && resumed(() -> response.resume(failure));
    }

    /**
     * Ends the poll without an answer: its client has gone, nobody would read one. Its response
     * is cancelled at its timeout (see {@link #timeOut}).
     */
    boolean leave() {
        return end(Stage.LEFT, true);
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
     * @param ended     {@link Stage#ANSWERED} or {@link Stage#LEFT}
     * @param mayStepDown false when the poll ends with what its take got: the take stepped down
     */
    private boolean end(Stage ended, boolean mayStepDown) {
        Stage before = stage.getAndUpdate(now -> now.open ? ended : now);
        if (!before.open) {
            return false;
        }
        stopWatchingNow();
        registry.ended(this, mayStepDown && before != Stage.SUPERSEDED);
        return true;
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
