package longpoll.queue.control;

/** Redis did not answer; the caller gets a 503 and is asked to retry. */
public class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(Throwable cause) {
        super("Redis is unavailable", cause);
    }
}
