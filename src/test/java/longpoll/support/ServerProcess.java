package longpoll.support;

/** A server with the built WAR in a process of its own, which a test starts and stops with SIGTERM. */
public interface ServerProcess {

    /** Starts its process, and returns at once. */
    Process start();

    /** Starts it and returns once the API answers. */
    void startAndAwaitReady();

    /** SIGTERM, and waits until the process has ended. */
    void terminate();
}
