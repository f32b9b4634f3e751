package longpoll.bench;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Clients that poll without pause (a new poll the moment the last one is answered) and senders
 * whose messages carry their sequence number and the time the send started, so that each poll
 * answer measures delivery latency end to end and shows any message lost or duplicated.
 *
 * <p>Each poll and each sender runs on a virtual thread of its own, over a keep-alive
 * {@link Http1Connection}. It drives any server with the same API: the URLs come from templates.
 */
final class Load implements AutoCloseable {

    /** One for all polls: it is thread-safe, and costly to make. */
    private static final Jsonb JSON = JsonbBuilder.create();

    static final long HIGHEST_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
    /** After a failed poll, as the page's client (useLongPolling.js): this, doubling per failure in a row. */
    private static final long FIRST_RETRY_MILLIS = 500;
    /** The longest pause between failed polls, the page's too. */
    private static final long LAST_RETRY_MILLIS = 30_000;

    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(60);
    /** Sends at a rate use at most this many connections at once: a server's open files are limited. */
    private static final int SENDS_IN_FLIGHT = 256;
    /** Enough of an error answer to tell one refusal from another. */
    private static final int REASON_CHARS = 80;

    private final String pollTemplate;
    private final URI sendUrl;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final long origin = System.nanoTime();

    private final Histogram latencyMicros = new ConcurrentHistogram(HIGHEST_LATENCY_MICROS, 3);
    private final Set<Long> received = ConcurrentHashMap.newKeySet();
    private final Set<Long> answeredOk = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextSeq = new AtomicLong();
    /** Names this run's clients, so that polls a previous run left on the server don't take its messages. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    /** Failed requests by what failed, e.g. "GET 503" or "POST SocketException: Connection reset". */
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    private final AtomicInteger outstandingPolls = new AtomicInteger();
    private final AtomicInteger sendsInFlight = new AtomicInteger();
    /** From the first send to the last message received: the window a delivery rate is counted over. */
    private final AtomicLong firstSend = new AtomicLong();

    /** Where sent and received messages are also counted by window of time, if anywhere. */
    private volatile Windows windows;

    private volatile long lastReceipt;
    private volatile boolean polling = true;
    private volatile int clients;

    /**
     * @param pollTemplate e.g. {@code http://127.0.0.1:8080/poll/{client}}
     * @param sendUrl      e.g. {@code http://127.0.0.1:8080/poll/send}
     */
    Load(String pollTemplate, String sendUrl) {
        this.pollTemplate = pollTemplate;
        this.sendUrl = URI.create(sendUrl);
    }

    /**
     * Opens a never-ending poll for each of the clients {@code from} to {@code from + count - 1},
     * {@code perSecond} new ones a second at most. Messages go to all clients opened so far.
     */
    void startPolling(int from, int count, int perSecond) throws InterruptedException {
        for (int i = from; i < from + count; i++) {
            int client = i;
            threads.execute(() -> pollWithoutPause(client));
            if (i % perSecond == perSecond - 1) {
                Thread.sleep(Duration.ofSeconds(1));
            }
        }
        clients = Math.max(clients, from + count);
    }

    int outstandingPolls() {
        return outstandingPolls.get();
    }

    /**
     * Sends {@code perSecond} messages a second, spread over the clients, for {@code duration}.
     * A server slower than the rate makes sends wait for one of a bounded number of connections,
     * rather than open thousands; each message still counts its latency from the moment it was
     * due, so that waiting counts too (no coordinated omission).
     */
    void sendAtRate(int perSecond, Duration duration) throws InterruptedException {
        sendAtRate(perSecond, duration, System.nanoTime());
    }

    /**
     * As {@link #sendAtRate(int, Duration)}, from the start of {@code windows}, and counts each
     * message offered and received (also after this returns) into them.
     */
    void sendAtRate(int perSecond, Duration duration, Windows windows) throws InterruptedException {
        this.windows = windows;
        sendAtRate(perSecond, duration, windows.start());
    }

    private void sendAtRate(int perSecond, Duration duration, long start) throws InterruptedException {
        BlockingQueue<Http1Connection> idle = connections(SENDS_IN_FLIGHT);
        Windows counting = windows;
        long end = start + duration.toNanos();
        for (long issued = 0; ; issued++) {
            long dueAt = start + issued * 1_000_000_000L / perSecond;
            if (dueAt >= end) {
                return;
            }
            // Parked until it is due, not polled by the millisecond: a send late by the sleep's
            // granularity would add up to a millisecond to every latency measured.
            for (long wait = dueAt - System.nanoTime(); wait > 0; wait = dueAt - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (counting != null) {
                counting.offered(dueAt);
            }
            sendOn(idle.take(), idle, nextSeq.getAndIncrement(), dueAt);
        }
    }

    /**
     * Sends from {@code senders} loops, each sending its next message (or batch of {@code batchSize}
     * messages, with {@code POST /poll/send/batch}) as soon as the last is answered.
     */
    void sendAsFastAsPossible(int senders, int batchSize, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        try (var loops = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < senders; s++) {
                var connection = open(sendUrl);
                loops.submit(() -> {
                    while (System.nanoTime() < end) {
                        countInFlight();
                        if (batchSize == 1) {
                            send(connection, nextSeq.getAndIncrement(), System.nanoTime());
                        } else {
                            sendBatch(connection, nextSeq.getAndAdd(batchSize), batchSize);
                        }
                    }
                });
            }
        }
    }

    /**
     * Sends one message to each client, at most {@code concurrently} sends at a time (a burst of
     * thousands would measure new connections, not delivery), and returns once all have arrived,
     * or the limit passed.
     */
    void sendOneToEach(int concurrently, Duration limit) throws InterruptedException {
        long before = received.size();
        BlockingQueue<Http1Connection> idle = connections(concurrently);
        for (int i = 0; i < clients; i++) {
            var connection = idle.take();
            // Timed from when it is sent: the burst's wait for one of its own connections is not the server's.
            sendOn(connection, idle, nextSeq.getAndIncrement(), System.nanoTime());
        }
        awaitDelivered(before + clients, limit);
    }

    /**
     * Waits until every send is answered and every message answered 200 has arrived, or the limit
     * passed. A send still unanswered is not yet among those to wait for, though its message may
     * already be on the way: waiting for its answer first keeps it from being counted lost.
     */
    void drain(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while ((sendsInFlight.get() > 0 || !received.containsAll(answeredOk)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void awaitDelivered(long count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    Result result() {
        long lost = answeredOk.stream().filter(seq -> !received.contains(seq)).count();
        double seconds = (lastReceipt - firstSend.get()) / 1e9;
        return new Result(
                nextSeq.get(),
                answeredOk.size(),
                received.size(),
                seconds > 0 ? received.size() / seconds : 0,
                lost,
                duplicated.get(),
                timeouts.get(),
                errorsByKind(),
                latencyMicros.copy());
    }

    @Override
    public void close() {
        polling = false;
        connections.forEach(Http1Connection::close); // ends the polls waiting on them
        threads.shutdownNow();
    }

    /**
     * One client: a new poll the moment the last is answered; after a failure, a pause that grows
     * with the failures in a row, as the page's client makes (a node that starts or struggles
     * meets clients that back off, not a storm).
     */
    private void pollWithoutPause(int client) {
        var url = URI.create(pollTemplate.replace("{client}", run + "-" + client));
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        var connection = open(url);
        int failures = 0;
        while (polling) {
            outstandingPolls.incrementAndGet();
            Http1Connection.Answer answer = null;
            IOException failure = null;
            try {
                answer = connection.get(target);
            } catch (IOException e) {
                failure = e;
            } finally {
                outstandingPolls.decrementAndGet();
            }
            if (answer != null && (answer.status() == 200 || answer.status() == 204)) {
                failures = 0;
            }
            if (answer != null && answer.status() == 200) {
                try {
                    record(answer.body());
                } catch (JsonbException e) {
                    error("GET 200 with a body that is not an array of messages");
                }
            } else if (answer != null && answer.status() == 204) {
                timeouts.incrementAndGet();
            } else if (polling) {
                error("GET " + (answer != null ? refusal(answer) : failure));
                long retryAfterSeconds = answer != null ? answer.retryAfterSeconds() : 0;
                try {
                    Thread.sleep(retryPauseMillis(
                            failures++,
                            retryAfterSeconds,
                            ThreadLocalRandom.current().nextDouble()));
                } catch (InterruptedException closing) {
                    return;
                }
            }
        }
    }

    /**
     * The page's backoff: a pause doubling per failure in a row up to a limit, a random half of it
     * taken off so that the clients of a restarted node don't come back at once; the server's
     * {@code Retry-After} a floor within the limit.
     *
     * @param random in [0, 1)
     */
    static long retryPauseMillis(int failures, long retryAfterSeconds, double random) {
        long ceiling = Math.min(LAST_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures, 16));
        long jittered = (long) (ceiling / 2.0 + random * ceiling / 2.0);
        return Math.min(LAST_RETRY_MILLIS, Math.max(jittered, retryAfterSeconds * 1000));
    }

    private Http1Connection open(URI server) {
        var connection = new Http1Connection(server, REQUEST_LIMIT);
        connections.add(connection);
        return connection;
    }

    /** Connections for sends in flight at once: a server's open files are limited. */
    private BlockingQueue<Http1Connection> connections(int count) {
        var idle = new ArrayBlockingQueue<Http1Connection>(count);
        for (int i = 0; i < count; i++) {
            idle.add(open(sendUrl));
        }
        return idle;
    }

    /** Sends from a thread of its own, and gives the connection back to the idle ones once answered. */
    private void sendOn(Http1Connection connection, BlockingQueue<Http1Connection> idle, long seq, long dueAt) {
        countInFlight();
        threads.execute(() -> {
            send(connection, seq, dueAt);
            idle.add(connection);
        });
    }

    private void record(String body) {
        long receivedAt = System.nanoTime();
        lastReceipt = receivedAt;
        long now = receivedAt - origin;
        Windows counting = windows;
        for (Message message : messagesIn(body)) {
            if (!received.add(message.seq())) {
                duplicated.incrementAndGet();
                continue;
            }
            latencyMicros.recordValue(Math.min(HIGHEST_LATENCY_MICROS, (now - message.sent()) / 1_000));
            if (counting != null) {
                counting.delivered(origin + message.sent(), receivedAt);
            }
        }
    }

    /** The messages of a poll answer, a JSON array of what the senders sent. */
    static Message[] messagesIn(String pollAnswer) {
        return JSON.fromJson(pollAnswer, Message[].class);
    }

    private void sendBatch(Http1Connection connection, long firstSeq, int size) {
        long sent = System.nanoTime() - origin;
        var body = new StringBuilder("[");
        for (long seq = firstSeq; seq < firstSeq + size; seq++) {
            body.append(seq == firstSeq ? "" : ",").append(sendBody(seq, sent));
        }
        send(connection, sendUrl.getRawPath() + "/batch", body.append(']').toString(), () -> {
            for (long seq = firstSeq; seq < firstSeq + size; seq++) {
                answeredOk.add(seq);
            }
        });
    }

    /**
     * Written by hand, unlike the poll answers it is read back from: its values are numbers and a
     * base-36 name, with nothing to escape, and it is the senders' hot path.
     */
    private String sendBody(long seq, long sent) {
        return "{\"to\":\"" + run + "-" + (seq % clients) + "\",\"message\":{\"seq\":" + seq + ",\"sent\":" + sent
                + "}}";
    }

    /** @param dueAt when the send was due ({@link System#nanoTime()}), the start of its latency */
    private void send(Http1Connection connection, long seq, long dueAt) {
        send(connection, sendUrl.getRawPath(), sendBody(seq, dueAt - origin), () -> answeredOk.add(seq));
    }

    /** A send counts in flight from before it is sent until its answer is recorded, so a drain waits for it. */
    private void countInFlight() {
        firstSend.compareAndSet(0, System.nanoTime());
        sendsInFlight.incrementAndGet();
    }

    /** Records the answer of a send counted in flight: {@code answered} runs on a 200. */
    private void send(Http1Connection connection, String target, String json, Runnable answered) {
        try {
            var answer = connection.postJson(target, json);
            if (answer.status() == 200) {
                answered.run();
            } else {
                error("POST " + refusal(answer));
            }
        } catch (IOException e) {
            error("POST " + e);
        } finally {
            sendsInFlight.decrementAndGet();
        }
    }

    /** The status and the server's reason, e.g. {@code 503 {"error":"Redis is unavailable"...}}. */
    private static String refusal(Http1Connection.Answer answer) {
        String reason =
                answer.body().length() > REASON_CHARS ? answer.body().substring(0, REASON_CHARS) : answer.body();
        return answer.status() + " " + reason;
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private Map<String, Long> errorsByKind() {
        var byKind = new TreeMap<String, Long>();
        errors.forEach((kind, count) -> byKind.put(kind, count.sum()));
        return byKind;
    }

    /**
     * A message as the senders send it: its number in the run, and when it was due, in
     * nanoseconds from the load generator's origin. Public, for JSON-B to reach its components.
     */
    public record Message(long seq, long sent) {}

    /**
     * @param perSecond messages received a second, from the first send to the last message
     *     received: a server that falls behind delivers its backlog after the sends ended, and
     *     that time counts
     * @param lost messages answered 200 that never arrived
     * @param timeouts polls answered 204
     * @param errorsByKind failed requests, and answers other than 200 and 204, by what failed
     */
    record Result(
            long sent,
            long sentOk,
            long received,
            double perSecond,
            long lost,
            long duplicated,
            long timeouts,
            Map<String, Long> errorsByKind,
            Histogram latencyMicros) {

        long errors() {
            return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
