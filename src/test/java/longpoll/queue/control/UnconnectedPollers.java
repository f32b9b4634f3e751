package longpoll.queue.control;

/** {@link Pollers} that name polls as a node does, for tests that never reach Redis. */
public final class UnconnectedPollers {

    private UnconnectedPollers() {}

    public static Pollers create() {
        var pollers = new Pollers();
        pollers.redis = new RedisConnections();
        return pollers;
    }
}
