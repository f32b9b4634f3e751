package longpoll.queue.control;

import longpoll.queue.entity.ClientId;

/**
 * A send's {@code Idempotency-Key} was used before, by the same sender and for the same
 * recipient, with another message: a sender's mistake, which answering with the first message's
 * id would hide (the new message would be silently dropped).
 */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException(ClientId client) {
        super(
                "This Idempotency-Key was used for another message to " + client
                        + ": use a new key for each message (and the same one only to retry it)",
                null,
                false,
                false);
    }
}
