package longpoll.stats.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * This node's numbers at one moment. Gauges say what is happening now; the other fields count
 * events since the application started on this node.
 *
 * @param pollsWaiting        polls held open now, from arrival until their answer
 * @param pollsWithMessages   polls answered {@code 200} with messages
 * @param pollsTimedOut       polls answered {@code 204}: nothing came in time
 * @param messagesSent        messages queued by sends (a repeated {@code Idempotency-Key} queues nothing)
 * @param messagesDelivered   messages in {@code 200} answers, redelivered ones included
 * @param messagesRedelivered messages handed out again because they were still unacknowledged
 * @param refusedQueueFull    sends refused {@code 429}: the recipient's queue was full
 * @param refusedUnavailable  requests refused {@code 503} for capacity: node full, busy, or stopping
 * @param redisErrors         Redis calls that failed because Redis did not answer or was not ready
 * @param entriesSetAside     entries of a client's lists that were not messages, moved to its dead-letter list
 */
@JsonbPropertyOrder({
    "pollsWaiting",
    "pollsWithMessages",
    "pollsTimedOut",
    "messagesSent",
    "messagesDelivered",
    "messagesRedelivered",
    "refusedQueueFull",
    "refusedUnavailable",
    "redisErrors",
    "entriesSetAside"
})
public record StatsSnapshot(
        int pollsWaiting,
        long pollsWithMessages,
        long pollsTimedOut,
        long messagesSent,
        long messagesDelivered,
        long messagesRedelivered,
        long refusedQueueFull,
        long refusedUnavailable,
        long redisErrors,
        long entriesSetAside) {}
