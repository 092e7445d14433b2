package app.todo.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import app.todo.tasks.Task;

/**
 * A scheduler on a {@link MutableClock}: a delayed task runs only when the test moves the clock past
 * its time and calls {@link #runDue()}, on the test's thread. One-shot delays and fixed-delay repetition (the
 * next run a delay after the end of the last, by the clock); what the code under test does not use is unsupported.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task task = new Task(command, clock.instant().plusNanos(unit.toNanos(delay)), null);
        tasks.add(task);
        return task;
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        if (delay <= 0) {
            throw new IllegalArgumentException("a repeating task needs a positive delay");
        }
        Task task = new Task(command, clock.instant().plusNanos(unit.toNanos(initialDelay)), Duration.ofNanos(unit.toNanos(delay)));
        tasks.add(task);
        return task;
    }

    private synchronized void again(Task task) {
        if (!shutdown && !task.isCancelled()) {
            tasks.add(task);
        }
    }

    /** Runs, in time order, every task due by the clock (also those that due tasks schedule); how many ran. */
    public int runDue() {
        int ran = 0;
        for (Task next = takeDue(); next != null; next = takeDue()) {
            next.run();
            ran++;
        }
        return ran;
    }

    /** Tasks waiting, not cancelled. */
    public synchronized int pending() {
        tasks.removeIf(Task::isCancelled);
        return tasks.size();
    }

    private synchronized Task takeDue() {
        tasks.removeIf(Task::isCancelled);
        Task first = tasks.stream().min(Comparator.comparing(t -> t.at)).orElse(null);
        if (first == null || first.at.isAfter(clock.instant())) {
            return null;
        }
        tasks.remove(first);
        return first;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    private final class Task extends FutureTask<Void> implements ScheduledFuture<Void> {
        /** When it runs next. */
        volatile Instant at;
        /** The delay between runs of a repeating task; null for a one-shot task. */
        private final Duration delay;

        Task(Runnable command, Instant at, Duration delay) {
            super(command, null);
            this.at = at;
            this.delay = delay;
        }

        @Override
        public void run() {
            if (delay == null) {
                super.run();
            } else if (runAndReset()) {
                at = clock.instant().plus(delay);
                again(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), at));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
