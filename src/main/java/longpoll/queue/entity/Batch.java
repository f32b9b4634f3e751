package longpoll.queue.entity;

/**
 * How much one poll answer carries: at most {@code entries} entries and, beyond its first, at most
 * {@code bytes} bytes of them (a sent message is bounded, an entry another writer pushes is not;
 * an entry larger than that still goes, alone).
 */
public record Batch(int entries, long bytes) {}
