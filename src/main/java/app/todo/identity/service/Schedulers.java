package app.todo.identity.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Schedulers and threads of this package's own, for when the container offers no managed ones. */
final class Schedulers {

    private Schedulers() {
    }

    /** One daemon thread of this name; the caller shuts it down. */
    static ScheduledExecutorService ownDaemon(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(task -> daemonThread(task, threadName));
    }

    /** A daemon thread of this name running {@code task}, not started. */
    static Thread daemonThread(Runnable task, String threadName) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        return thread;
    }
}
