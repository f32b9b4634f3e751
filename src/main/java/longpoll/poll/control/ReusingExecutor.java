package longpoll.poll.control;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each job in a task of a managed executor that outlives the job: when its job has ended,
 * the task waits for the next one, and ends when none came for a few seconds. A job finds a
 * waiting task when there is one, and gets a new task otherwise, so jobs never wait for each
 * other.
 *
 * <p>Up to a few hundred tasks wait without a time limit, and so stay for good once load has
 * gone: on a virtual thread, a wait with a limit sets and cancels a timer on the JDK's shared
 * scheduler, once per job, which a node under load feels. Steady load
 * never has that many waiting at once (a task waits only from its job's end to the next job's
 * start); the tasks a burst leaves over wait with a limit, and end. Waiting tasks take jobs in
 * the order they came, so that every one takes its turn and none waits for good under load.
 */
final class ReusingExecutor implements Executor {

    /** How many tasks may wait without a time limit: far more than steady load keeps waiting. */
    static final int MOST_WAITING_UNTIMED = 256;
    /** How long any other task waits for its next job: far longer than a poll's way back. */
    private static final long IDLE_SECONDS = 5;

    private final Executor managed;
    /** Hands a job to the task that has waited longest; refuses it when none waits. */
    private final SynchronousQueue<Runnable> nextJob = new SynchronousQueue<>(true);

    private final AtomicInteger waiting = new AtomicInteger();

    ReusingExecutor(Executor managed) {
        this.managed = managed;
    }

    /**
     * @param job must not throw: what it can't handle ends its task
     * @throws RejectedExecutionException when no task waits and the executor starts no new one
     */
    @Override
    public void execute(Runnable job) {
        if (!nextJob.offer(job)) {
            managed.execute(new Task(job));
        }
    }

    private final class Task implements Runnable {

        private Runnable job;

        Task(Runnable first) {
            job = first;
        }

        @Override
        public void run() {
            try {
                while (job != null) {
                    runJob();
                    job = nextJobOrNone();
                }
            } catch (InterruptedException e) {
                // The executor is shutting down: no job is lost, as none was handed to this task.
                Thread.currentThread().interrupt();
            }
        }

        /** In a frame of its own, so that a task waiting for its next job holds nothing of the last. */
        private void runJob() {
            Runnable current = job;
            job = null;
            current.run();
        }

        private Runnable nextJobOrNone() throws InterruptedException {
            try {
                return waiting.incrementAndGet() <= MOST_WAITING_UNTIMED
                        ? nextJob.take()
                        : nextJob.poll(IDLE_SECONDS, TimeUnit.SECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }
}
