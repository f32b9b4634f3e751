package longpoll.queue.entity;

import java.util.regex.Pattern;
import longpoll.refusal.Refusal;

/** A client's name, checked once at the edge, so that every Redis key built from it is safe. */
public record ClientId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public ClientId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw Refusal.invalid("A client id is 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    /** The client's Redis list, named as in the reference design so both can share one Redis. */
    public String queueKey() {
        return "messages:" + value;
    }

    /**
     * Messages handed to an acknowledging client and not yet acknowledged. The braces make the
     * queue's key its Redis Cluster hash tag: both lists live in one slot, so one command (or
     * script) can move entries between them.
     */
    public String inFlightKey() {
        return "inflight:{" + queueKey() + "}";
    }

    /**
     * Counts the times the client's polls handed out in-flight messages, so that a poll which
     * stopped being the poller can tell whether what it moved in flight may have been handed out
     * already (see move-waiting.lua); same slot as the queue.
     */
    public String handoutsKey() {
        return "handouts:{" + queueKey() + "}";
    }

    /** Entries of the client's lists that were not messages, set aside; same slot as the queue. */
    public String deadLetterKey() {
        return "deadletter:{" + queueKey() + "}";
    }

    /** Remembers the id given to a send with this {@code Idempotency-Key}; same slot as the queue. */
    public String idempotencyKey(String key) {
        return "idempotency:{" + queueKey() + "}:" + key;
    }

    /** Names the client's poll that may take its messages now (see {@code queue.control.Pollers}); same slot as the queue. */
    public String pollerKey() {
        return "poller:{" + queueKey() + "}";
    }

    @Override
    public String toString() {
        return value;
    }
}
