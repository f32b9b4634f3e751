package longpoll.queue.entity;

/** A CDI event: a send put {@code count} new messages on their recipients' lists (repeats of an idempotency key not counted). */
public record MessagesQueued(int count) {}
