package longpoll.stats.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import longpoll.poll.control.WaitingPolls;
import longpoll.poll.entity.PollAnswered;
import longpoll.queue.entity.EntriesSetAside;
import longpoll.queue.entity.MessageIds;
import longpoll.queue.entity.MessagesQueued;
import longpoll.queue.entity.RedisCallFailed;
import longpoll.stats.entity.StatsSnapshot;
import longpoll.web.entity.RequestRefused;

/**
 * The node's meters, in one Micrometer registry: counters and histograms moved by what the other
 * components report (CDI events, so the poll and queue code knows nothing of them), two gauges
 * read from the poll registry and executor when asked, and the JVM's own figures. {@code /stats}
 * reads the counters back as a {@link StatsSnapshot}; {@code /stats/prometheus} is the registry's
 * scrape.
 */
@ApplicationScoped
public class Counters {

    /**
     * The scrape's format: Prometheus text 0.0.4, which every Prometheus reads. (The Prometheus
     * library's own constant is not on the compile class path: Micrometer needs it at run time only.)
     */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * From a poll that found its messages waiting to one held until its timeout
     * ({@code longpoll.poll.timeout-seconds}, 30 by default); a bucket per step an operator would
     * tell apart, few enough to keep every scrape small.
     */
    private static final Duration[] HOLD_BUCKETS = seconds(0.01, 0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60);

    /** From a Redis round trip on the same host (under a millisecond) to the Redis timeout (2 s by default). */
    private static final Duration[] QUEUEING_BUCKETS =
            seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);

    /** From a message taken as soon as it was sent to one that waited for its client's next poll, or longer. */
    private static final Duration[] DELIVERY_BUCKETS =
            seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60);

    @Inject
    WaitingPolls waiting;

    private PrometheusMeterRegistry registry;
    private JvmFigures jvm;
    private Gauge pollsWaiting;
    private Counter pollsWithMessages;
    private Counter pollsTimedOut;
    private Counter messagesSent;
    private Counter messagesDelivered;
    private Counter messagesRedelivered;
    private Counter refusedQueueFull;
    private Counter refusedUnavailable;
    private Counter redisErrors;
    private Counter entriesSetAside;
    private Timer heldUntilMessages;
    private Timer heldUntilTimeout;
    private Timer queueing;
    private Timer delivery;

    @PostConstruct
    void start() {
        start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), waiting::count);
    }

    /** Registers every meter in {@code registry}; the gauges ask the suppliers at each read. */
    void start(PrometheusMeterRegistry registry, IntSupplier polls) {
        this.registry = registry;
        pollsWaiting = Gauge.builder("longpoll.polls.waiting", polls::getAsInt)
                .description("Polls held open on this node now.")
                .register(registry);
        pollsWithMessages = counter("longpoll.polls.with.messages", "Polls answered 200 with messages.");
        pollsTimedOut = counter("longpoll.polls.timed.out", "Polls answered 204: nothing came in time.");
        messagesSent = counter("longpoll.messages.sent", "Messages queued by sends.");
        messagesDelivered =
                counter("longpoll.messages.delivered", "Messages in 200 answers, redelivered ones included.");
        messagesRedelivered =
                counter("longpoll.messages.redelivered", "Messages handed out again while unacknowledged.");
        refusedQueueFull = counter("longpoll.refused.queue.full", "Sends refused 429: the recipient's queue was full.");
        refusedUnavailable = counter(
                "longpoll.refused.unavailable", "Requests refused 503 for capacity: node full, busy or stopping.");
        redisErrors =
                counter("longpoll.redis.errors", "Redis calls that failed: Redis did not answer or was not ready.");
        entriesSetAside = counter(
                "longpoll.entries.set.aside",
                "Entries of clients' lists that were not messages, moved to dead-letter lists.");
        heldUntilMessages = hold("messages");
        heldUntilTimeout = hold("timeout");
        queueing = Timer.builder("longpoll.send.queueing")
                .description("Time a send took to queue its messages in Redis (sends that queued at least one).")
                .serviceLevelObjectives(QUEUEING_BUCKETS)
                .register(registry);
        delivery = Timer.builder("longpoll.delivery")
                .description(
                        "From a message's send to the answer that first delivers it (messages with longpoll's ids).")
                .serviceLevelObjectives(DELIVERY_BUCKETS)
                .register(registry);
        jvm = JvmFigures.bindTo(registry);
    }

    @PreDestroy
    void stop() {
        jvm.close();
        registry.close();
    }

    void pollAnswered(@Observes PollAnswered poll) {
        if (poll.timedOut()) {
            pollsTimedOut.increment();
            heldUntilTimeout.record(poll.held());
            return;
        }
        pollsWithMessages.increment();
        heldUntilMessages.record(poll.held());
        messagesDelivered.increment(poll.messages());
        if (poll.redelivered()) {
            messagesRedelivered.increment(poll.messages());
            return;
        }
        long now = System.currentTimeMillis();
        for (String id : poll.messageIds()) {
            MessageIds.madeAtMillis(id)
                    .ifPresent(sent -> delivery.record(Math.max(0, now - sent), TimeUnit.MILLISECONDS));
        }
    }

    void messagesQueued(@Observes MessagesQueued queued) {
        messagesSent.increment(queued.count());
        queueing.record(queued.took());
    }

    void refused(@Observes RequestRefused refusal) {
        switch (refusal) {
            case QUEUE_FULL -> refusedQueueFull.increment();
            case NO_CAPACITY -> refusedUnavailable.increment();
        }
    }

    void redisCallFailed(@Observes RedisCallFailed failure) {
        redisErrors.increment();
    }

    void entriesSetAside(@Observes EntriesSetAside setAside) {
        entriesSetAside.increment(setAside.count());
    }

    public StatsSnapshot snapshot() {
        return new StatsSnapshot(
                (int) pollsWaiting.value(),
                count(pollsWithMessages),
                count(pollsTimedOut),
                count(messagesSent),
                count(messagesDelivered),
                count(messagesRedelivered),
                count(refusedQueueFull),
                count(refusedUnavailable),
                count(redisErrors),
                count(entriesSetAside));
    }

    /** Writes every meter in {@link #CONTENT_TYPE}. */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out, CONTENT_TYPE);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    private Timer hold(String outcome) {
        return Timer.builder("longpoll.poll.hold")
                .description("From a poll's arrival to its answer, by outcome: messages (200) or timeout (204).")
                .tag("outcome", outcome)
                .serviceLevelObjectives(HOLD_BUCKETS)
                .register(registry);
    }

    /** Micrometer counts in doubles; these move by whole events only, so the cast loses nothing. */
    private static long count(Counter counter) {
        return (long) counter.count();
    }

    private static Duration[] seconds(double... bounds) {
        var durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return durations;
    }
}
