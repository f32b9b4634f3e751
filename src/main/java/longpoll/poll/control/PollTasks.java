package longpoll.poll.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The poll executor's tasks: the node's one wait ({@link NodeWait}), and the tasks that write the
 * polls' answers, reused (see {@link ReusingExecutor}).
 *
 * <p>Reused, because a managed executor captures the caller's context for every task it starts,
 * and on Payara that is a large part of an answer's CPU (it looks the context providers up on the
 * class path each time); a task that writes one answer after another captures it once.
 *
 * <p>The WAR's own executor runs each task on a virtual thread where the server supports it
 * (Payara 7); elsewhere on platform threads. A server that would size it too small (WildFly: by
 * its CPU count, with a queue behind) offers one of its own instead, named by {@code
 * longpoll.poll.executor} (see {@code wildfly-config}).
 */
@ManagedExecutorDefinition(name = PollTasks.EXECUTOR, virtual = true)
@ApplicationScoped
public class PollTasks {

    static final String EXECUTOR = "java:app/longpoll/PollExecutor";

    @Inject
    PollSettings settings;

    private ManagedExecutorService executor;
    private Executor answers;

    @PostConstruct
    void findExecutor() {
        try {
            executor = InitialContext.doLookup(settings.executor());
        } catch (NamingException e) {
            throw new IllegalStateException(
                    "No managed executor at " + settings.executor() + " (longpoll.poll.executor)", e);
        }
        answers = new ReusingExecutor(executor);
    }

    /** Runs a task that lasts as long as the application: the node's wait. */
    void runLong(Runnable task) {
        executor.execute(task);
    }

    /** Writes answers to held polls. */
    Executor answers() {
        return answers;
    }
}
