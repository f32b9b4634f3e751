package longpoll.queue.control;

import longpoll.queue.entity.ClientId;

/** A client's list holds its limit of messages: the send is refused, never silently dropped. */
public class QueueFullException extends RuntimeException {

    QueueFullException(ClientId client, int limit) {
        super(
                "The queue of " + client + " is full (" + limit + " messages): it must poll before more can be sent",
                null,
                false,
                false);
    }
}
