package longpoll.poll.control;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each job in a task of a managed executor that outlives the job: when its job has ended,
 * the task waits for the next one, unless enough tasks already wait, and then it ends. A job
 * finds a waiting task when there is one, and gets a new task otherwise, so jobs never wait for
 * each other.
 *
 * <p>A waiting task waits without a time limit: on a virtual thread, a wait with one costs a
 * timer set and cancelled on the JDK's shared scheduler, once per job, and that was a few percent
 * of a node's CPU under load. The number that may wait bounds what idle tasks hold instead.
 */
final class ReusedTasks implements Executor {

    /**
     * How many tasks may wait for a job. Under load a task waits only from its job's end to the
     * next job's start (a poll's way back to the node: about a millisecond), so a few are enough;
     * after a burst, the tasks beyond these end.
     */
    static final int MOST_WAITING = 64;

    private final Executor managed;
    /** Hands a job to a task that waits for one; refuses it when none waits. */
    private final SynchronousQueue<Runnable> nextJob = new SynchronousQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();

    ReusedTasks(Executor managed) {
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
                return waiting.incrementAndGet() <= MOST_WAITING ? nextJob.take() : null;
            } finally {
                waiting.decrementAndGet();
            }
        }
    }
}
