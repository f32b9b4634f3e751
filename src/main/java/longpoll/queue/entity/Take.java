package longpoll.queue.entity;

/**
 * A waiting poll its node takes for, once woken.
 *
 * @param client        the poll's client
 * @param pollName      the poll's name (see {@code queue.control.Pollers})
 * @param acknowledging whether its client acknowledges (its messages go in flight) or polls plain
 */
public record Take(ClientId client, String pollName, boolean acknowledging) {}
