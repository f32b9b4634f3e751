package longpoll.web.entity;

/** A CDI event: the boundary refused a request for lack of room, of the recipient's queue or of the node. */
public enum RequestRefused {
    /** {@code 429}: the recipient's queue was full. */
    QUEUE_FULL,
    /** {@code 503}: the node was full, busy or stopping. */
    NO_CAPACITY
}
