package longpoll.poll.control;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs each job in a task of a managed executor that outlives the job: when its job has ended,
 * the task waits a few seconds for the next one before it ends. A job finds a waiting task
 * when there is one, and gets a new task otherwise, so jobs never wait for each other.
 */
final class ReusedTasks implements Executor {

    /** How long a task whose job ended waits for the next one: far longer than a poll's way back. */
    private static final long IDLE_SECONDS = 5;

    private final Executor managed;
    /** Hands a job to a task that waits for one; refuses it when none waits. */
    private final SynchronousQueue<Runnable> nextJob = new SynchronousQueue<>();

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
                    job = nextJob.poll(IDLE_SECONDS, TimeUnit.SECONDS);
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
    }
}
