package longpoll.poll.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The poll executor's tasks, reused (see {@link ReusingExecutor}): one set runs the blocking pops,
 * another writes the polls' answers.
 *
 * <p>Reused, because a managed executor captures the caller's context for every task it starts,
 * and on Payara that is a large part of a poll's CPU (it looks the context providers up on the
 * class path each time); a task that runs one pop after another captures it once. Polls come back
 * the moment they are answered, so under load almost every pop finds a task waiting for it.
 *
 * <p>Answers are written on tasks of their own, because the thread that writes an answer keeps
 * the finished request's objects for reuse (Grizzly caches up to 16 requests per thread). A
 * thread that only pops would keep them for nothing, one cache per waiting poll; the few threads
 * that write every answer keep one cache each.
 *
 * <p>The WAR's own executor runs each task on a virtual thread where the server supports it
 * (Payara 7); elsewhere on platform threads. Its task limit is left open: {@link WaitingPolls}
 * bounds the pops, and only a few tasks wait for a job at a time (the rest end). A server that
 * would size it too small for that (WildFly: by its CPU count) offers one of its own instead,
 * named by {@code longpoll.poll.executor} (see {@code wildfly-config}).
 */
@ManagedExecutorDefinition(name = PollTasks.EXECUTOR, virtual = true)
@ApplicationScoped
public class PollTasks {

    static final String EXECUTOR = "java:app/longpoll/PollExecutor";

    @Inject
    PollSettings settings;

    private final AtomicInteger popsRunning = new AtomicInteger();
    Executor pops;
    private Executor answers;

    @PostConstruct
    void findExecutor() {
        ManagedExecutorService executor;
        try {
            executor = InitialContext.doLookup(settings.executor());
        } catch (NamingException e) {
            throw new IllegalStateException(
                    "No managed executor at " + settings.executor() + " (longpoll.poll.executor)", e);
        }
        pops = new ReusingExecutor(executor);
        answers = new ReusingExecutor(executor);
    }

    /** Runs a blocking pop (which must not throw), counted as running from its start until it ends, however it ends. */
    void pop(Runnable pop) {
        pops.execute(() -> {
            popsRunning.incrementAndGet();
            try {
                pop.run();
            } finally {
                popsRunning.decrementAndGet();
            }
        });
    }

    /** How many blocking pops are running now. */
    public int popsRunning() {
        return popsRunning.get();
    }

    /** Writes answers to held polls. */
    Executor answers() {
        return answers;
    }
}
