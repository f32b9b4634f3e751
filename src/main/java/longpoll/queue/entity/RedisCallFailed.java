package longpoll.queue.entity;

/** A CDI event: a Redis call failed because Redis did not answer or was not ready. */
public record RedisCallFailed(Exception cause) {}
