package longpoll.poll.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs each poll's blocking pop on the poll executor, in a task that outlives the pop: when its
 * pop has ended, the task waits a moment for the next poll's pop before it ends. A managed
 * executor captures the caller's context for every task it starts, and on Payara that costs
 * more than the rest of a poll (it looks the context providers up on the class path each time);
 * a task that runs one pop after another captured it once. Polls come back the moment they are
 * answered, so under load almost every pop finds a task waiting for it.
 *
 * <p>The WAR's own executor runs each task on a virtual thread where the server supports it
 * (Payara 7); elsewhere on platform threads. Its task limit is left open: {@link WaitingPolls}
 * bounds the pops, and a task without a pop ends after a few seconds, so there are no more tasks
 * than the pops of the last few seconds. A server that would size it too small for that (WildFly: by
 * its CPU count) offers one of its own instead, named by {@code longpoll.poll.executor} (see
 * {@code wildfly-config}).
 */
@ManagedExecutorDefinition(name = PopTasks.EXECUTOR, virtual = true)
@ApplicationScoped
public class PopTasks {

    static final String EXECUTOR = "java:app/longpoll/PollExecutor";
    /** How long a task whose pop ended waits for the next one: far longer than a poll's way back. */
    private static final long IDLE_SECONDS = 5;

    @Inject
    @ConfigProperty(name = "longpoll.poll.executor", defaultValue = EXECUTOR)
    String executorName;

    private ManagedExecutorService executor;
    /** Hands a pop to a task that waits for one; refuses it when none waits. */
    private final SynchronousQueue<Runnable> nextPop = new SynchronousQueue<>();

    @PostConstruct
    void findExecutor() {
        try {
            executor = InitialContext.doLookup(executorName);
        } catch (NamingException e) {
            throw new IllegalStateException("No managed executor at " + executorName + " (longpoll.poll.executor)", e);
        }
    }

    /**
     * Runs the pop on a waiting task, or else on a new one.
     *
     * @param pop must not throw: what it can't handle ends its task
     * @throws RejectedExecutionException when the executor can start no new task
     */
    void run(Runnable pop) {
        if (!nextPop.offer(pop)) {
            executor.execute(() -> runFrom(pop));
        }
    }

    private void runFrom(Runnable first) {
        try {
            for (Runnable pop = first; pop != null; pop = nextPop.poll(IDLE_SECONDS, TimeUnit.SECONDS)) {
                pop.run();
            }
        } catch (InterruptedException e) {
            // The executor is shutting down: no pop is lost, as none was handed to this task.
            Thread.currentThread().interrupt();
        }
    }
}
