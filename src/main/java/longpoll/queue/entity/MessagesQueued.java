package longpoll.queue.entity;

import java.time.Duration;

/**
 * A CDI event: a send put {@code count} new messages on their recipients' lists (repeats of an
 * idempotency key not counted).
 *
 * @param took how long the Redis call that queued them took, from asking for a connection to the
 *     answer (with {@code longpoll.redis.wait-replicas}, the replicas' acknowledgement included)
 */
public record MessagesQueued(int count, Duration took) {}
