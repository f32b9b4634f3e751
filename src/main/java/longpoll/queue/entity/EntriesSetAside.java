package longpoll.queue.entity;

/** A CDI event: {@code count} entries of a client's lists that were not messages went to its dead-letter list. */
public record EntriesSetAside(int count) {}
