package longpoll.poll.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import longpoll.queue.control.MessageQueue;
import longpoll.queue.control.Pollers;
import longpoll.queue.control.RedisUnavailableException;
import longpoll.queue.entity.Handout;
import longpoll.queue.entity.Take;
import longpoll.refusal.Refusal;

/**
 * The node's one blocking wait: how every waiting poll of this node gets its messages, while
 * none holds a thread or a Redis connection of its own. A send to a client whose poller waits
 * here pushes the poll's number on this node's wake list (see {@link Pollers}); this one task
 * blocks on that list ({@code BLPOP}), takes for all the polls woken in one round trip ({@link
 * MessageQueue#take}), which also brings the wake-ups that came meanwhile, and leaves each answer
 * to an answer task ({@link PollTasks}).
 *
 * <p>Every {@code longpoll.poll.recheck-millis} it also looks at the lists of the clients waiting
 * here, in one round trip, and takes for those with entries: a writer that only pushes to a
 * client's list (a reference server sharing the Redis) wakes nobody. And it steps down, in one
 * round trip, the polls that ended while they may have been their clients' pollers.
 *
 * <p>Only this task takes for a waiting poll, one take at a time, so that a poll's timeout never
 * races a take it does not know of. A wake-up for a poll whose start is still at work is tried
 * again a moment later: the start may not have made it the poller yet.
 */
@ApplicationScoped
public class NodeWait {

    private static final Logger LOG = System.getLogger(NodeWait.class.getName());
    /** How soon a wake-up for a poll still starting is tried again: about a start's round trip. */
    private static final Duration RETRY_STARTING = Duration.ofMillis(10);

    @Inject
    WaitingPolls waiting;

    @Inject
    Pollers pollers;

    @Inject
    MessageQueue queue;

    @Inject
    Poller poller;

    @Inject
    PollTasks tasks;

    @Inject
    PollSettings settings;

    private volatile boolean stopping;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Takes whose messages are being answered or put back, which a stopping node waits for. */
    private final AtomicInteger inHand = new AtomicInteger();

    /**
     * After the settings beans have read their settings on the deployment's thread (see {@link
     * PollSettings#load}): the wait's own thread, on WildFly, would not see the WAR's
     * configuration file.
     */
    void start(
            @Observes @Priority(Interceptor.Priority.APPLICATION + 1000) @Initialized(ApplicationScoped.class)
                    Object start) {
        Duration recheck = Duration.ofMillis(settings.recheckMillis());
        tasks.runLong(() -> run(recheck));
    }

    /**
     * One round: the wake-ups that came with the last round's takes, or else a blocking wait for
     * the next one; the clients' lists when their recheck is due; the polls that ended step down;
     * then one round trip takes for every poll woken and brings the wake-ups that came meanwhile.
     */
    private void run(Duration recheck) {
        var woken = new LinkedHashSet<Long>();
        var retry = new LinkedHashSet<Long>();
        long nextRecheck = System.nanoTime() + recheck.toNanos();
        try {
            while (!stopping) {
                try {
                    if (woken.isEmpty()) {
                        woken.addAll(pollers.awaitWakeUp(
                                retry.isEmpty()
                                        ? Duration.ofNanos(Math.max(0, nextRecheck - System.nanoTime()))
                                        : RETRY_STARTING));
                    }
                    woken.addAll(retry);
                    retry.clear();
                    if (System.nanoTime() - nextRecheck >= 0) {
                        nextRecheck = System.nanoTime() + recheck.toNanos();
                        woken.addAll(withEntries());
                    }
                    poller.stepDownEnded();
                    var next = take(woken, retry);
                    woken.clear();
                    woken.addAll(next);
                } catch (RedisUnavailableException | Refusal e) {
                    woken.clear();
                    failWaiting(e);
                    Thread.sleep(recheck);
                } catch (RuntimeException e) {
                    woken.clear();
                    LOG.log(Level.ERROR, "The node's wait failed, it starts again", e);
                    Thread.sleep(recheck);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** The numbers of the waiting polls whose clients' lists have entries. */
    private List<Long> withEntries() {
        List<HeldPoll> polls = waiting.held().filter(HeldPoll::isWaiting).toList();
        if (polls.isEmpty()) {
            return List.of();
        }
        List<Boolean> have =
                queue.haveEntries(polls.stream().map(HeldPoll::client).toList());
        var numbers = new ArrayList<Long>();
        for (int i = 0; i < polls.size(); i++) {
            if (have.get(i)) {
                numbers.add(polls.get(i).number());
            }
        }
        return numbers;
    }

    /**
     * Takes for the woken polls that wait, in one round trip, and leaves what each got to an
     * answer task. A poll already answered, superseded or gone is passed over.
     *
     * @param retry where the numbers of polls still starting go, to be tried again
     * @return the numbers of the polls woken meanwhile
     */
    private List<Long> take(Set<Long> woken, Set<Long> retry) {
        var polls = new ArrayList<HeldPoll>(woken.size());
        for (long number : woken) {
            HeldPoll poll = waiting.byNumber(number);
            if (poll == null) {
                continue;
            }
            if (poll.isStarting()) {
                retry.add(number);
            } else if (poll.startTaking()) {
                polls.add(poll);
            }
        }
        MessageQueue.Round round;
        try {
            round = queue.take(
                    polls.stream()
                            .map(poll -> new Take(poll.client(), poll.name(), poll.acknowledging()))
                            .toList(),
                    poller.batch());
        } catch (RuntimeException e) {
            polls.forEach(poll -> poll.fail(e));
            throw e;
        }
        for (int i = 0; i < polls.size(); i++) {
            HeldPoll poll = polls.get(i);
            Handout handout = round.handouts().get(i);
            if (handout.failure() != null) {
                poll.fail(handout.failure());
            } else if (handout.superseded()) {
                poll.superseded();
            } else if (handout.entries().isEmpty()) {
                poll.tookNothing();
            } else {
                answerLater(poll, handout);
            }
        }
        return round.woken();
    }

    private void answerLater(HeldPoll poll, Handout handout) {
        inHand.incrementAndGet();
        Runnable answer = () -> {
            try {
                poller.answer(poll, handout);
            } finally {
                inHand.decrementAndGet();
            }
        };
        try {
            tasks.answers().execute(answer);
        } catch (RejectedExecutionException stopping) {
            answer.run();
        }
    }

    /** Redis can't be reached: no poll waiting here could get a message, each gets the 503 now. */
    private void failWaiting(RuntimeException failure) {
        waiting.held().filter(HeldPoll::isWaiting).forEach(poll -> poll.fail(failure));
    }

    /**
     * Ends the wait after its round at work, lets the answers of its last takes be written or
     * their messages put back, and steps down the polls that ended meanwhile.
     *
     * @return whether all that was done within {@code limit}
     */
    boolean stop(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        stopping = true;
        boolean done = ended.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        while (inHand.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(RETRY_STARTING);
        }
        poller.stepDownEnded();
        return done && inHand.get() == 0;
    }
}
